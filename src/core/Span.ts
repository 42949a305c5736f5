/** Where a piece of source text is: 1-based line and column, length in characters. */
export interface Span {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}
