/**
 * Implementations of the scalar functions the analyzer knows (compiler/analyzer/functions.ts).
 * Every function returns NULL when a required argument is NULL, as SQL does;
 * coalesce/nvl are the exceptions, being about NULL.
 */
type Impl = (args: unknown[]) => unknown;

const strict = (f: (...a: any[]) => unknown): Impl => (args) => (args.some((a) => a === null || a === undefined) ? null : f(...args));

export const SCALAR_IMPLS: ReadonlyMap<string, Impl> = new Map<string, Impl>([
  ['upper', strict((s: unknown) => String(s).toUpperCase())],
  ['lower', strict((s: unknown) => String(s).toLowerCase())],
  ['trim', strict((s: unknown) => String(s).trim())],
  ['length', strict((s: unknown) => String(s).length)],
  // SQL positions start at 1.
  ['substr', strict((s: unknown, start: number, len?: number) => String(s).substr(Math.max(0, start - 1), len))],
  ['concat', (args) => args.map((a) => (a === null || a === undefined ? '' : String(a))).join('')],
  ['abs', strict((n: number) => Math.abs(n))],
  // Half away from zero, as Oracle's ROUND does; Math.round would take -2.5 to -2.
  ['round', strict((n: number, d = 0) => (Math.sign(n) * Math.round(Math.abs(n) * 10 ** d)) / 10 ** d)],
  ['floor', strict((n: number) => Math.floor(n))],
  ['ceil', strict((n: number) => Math.ceil(n))],
  ['coalesce', (args) => args.find((a) => a !== null && a !== undefined) ?? null],
  ['nvl', (args) => (args[0] === null || args[0] === undefined ? (args[1] ?? null) : args[0])],
  ['now', () => Date.now()],
]);
