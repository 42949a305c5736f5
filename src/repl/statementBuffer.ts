/** Where the scanner is in the text: code, or inside something a `;` cannot end. */
type Mode = 'code' | 'string' | 'quoted' | 'lineComment' | 'blockComment';

/**
 * Collects input lines into statements. A statement ends at a `;` that is code:
 * one inside a string literal, a quoted identifier or a comment does not end it,
 * as the lexer reads them (grammar/tokens.ts: `'…''…'`, `"…"`, `--`, `/* … *\/`).
 */
export class StatementBuffer {
  private text = '';
  private scanned = 0;
  private mode: Mode = 'code';

  /** Adds a line; returns the statements it completed, each with its `;`. */
  push(line: string): string[] {
    this.text += this.text.length > 0 ? `\n${line}` : line;
    const done: string[] = [];
    let start = 0;
    for (let i = this.scanned; i < this.text.length; i++) {
      const c = this.text[i];
      const next = this.text[i + 1];
      switch (this.mode) {
        case 'code':
          if (c === "'") this.mode = 'string';
          else if (c === '"') this.mode = 'quoted';
          else if (c === '-' && next === '-') this.mode = 'lineComment';
          else if (c === '/' && next === '*') {
            this.mode = 'blockComment';
            i++;
          } else if (c === ';') {
            done.push(this.text.slice(start, i + 1));
            start = i + 1;
          }
          break;
        // A doubled quote inside reads as leaving and re-entering: the same result as an escape.
        case 'string':
          if (c === "'") this.mode = 'code';
          break;
        case 'quoted':
          if (c === '"') this.mode = 'code';
          break;
        case 'lineComment':
          if (c === '\n') this.mode = 'code';
          break;
        case 'blockComment':
          if (c === '*' && next === '/') {
            this.mode = 'code';
            i++;
          }
          break;
      }
    }
    // A line comment ends with its line, which the next push starts with a newline.
    this.text = this.text.slice(start);
    this.scanned = this.text.length;
    if (this.mode === 'lineComment') this.mode = 'code';
    if (this.mode === 'code' && isBlank(this.text)) this.clear();
    return done.map((s) => s.replace(/^\s*\n/, ''));
  }

  /** Whether a statement has begun and not ended (the prompt says so). */
  get pending(): boolean {
    return this.text.trim().length > 0;
  }

  /** What is left when the input ends: a last statement written without its `;`, or nothing. */
  rest(): string | undefined {
    const rest = this.text;
    this.clear();
    return isBlank(rest) ? undefined : rest;
  }

  clear(): void {
    this.text = '';
    this.scanned = 0;
    this.mode = 'code';
  }
}

/** Whether the text holds nothing but white space and comments. */
export function isBlank(text: string): boolean {
  return withoutComments(text).trim().length === 0;
}

/** The text with its comments blanked out (line breaks kept), so that positions stay where they were. */
export function withoutComments(text: string): string {
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, (m) =>
    m.startsWith('--') || m.startsWith('/*') ? m.replace(/[^\n]/g, ' ') : m,
  );
}
