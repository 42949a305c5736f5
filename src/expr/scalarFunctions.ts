import { TIME_IMPLS } from './timeFunctions.js';

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
  ['replace', strict((s: unknown, from: unknown, to: unknown) => String(s).split(String(from)).join(String(to)))],
  ['sqrt', strict((n: number) => (n < 0 ? null : Math.sqrt(n)))],
  ['power', strict((b: number, e: number) => b ** e)],
  ['ln', strict((n: number) => (n <= 0 ? null : Math.log(n)))],
  ['exp', strict((n: number) => Math.exp(n))],
  ['greatest', strict((...xs: number[]) => xs.reduce((m, x) => (x > m ? x : m)))],
  ['least', strict((...xs: number[]) => xs.reduce((m, x) => (x < m ? x : m)))],
  ['now', () => Date.now()],
  // Time functions are strict in their first argument only: a NULL zone or format means the default.
  ...[...TIME_IMPLS].map(([name, impl]): [string, Impl] => [name, (args) => (args.length > 0 && (args[0] === null || args[0] === undefined) ? null : impl(args))]),
]);
