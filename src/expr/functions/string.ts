import { INT, STRING } from '../../core/SqlType.js';
import { firstArg, unary, type ScalarFunctionDef } from './FunctionDef.js';

/** Any argument is read as text, so the result is a STRING whatever it is given. */
const text = () => STRING;

const SUBSTR: ScalarFunctionDef = {
  kind: 'scalar',
  name: 'substr',
  minArgs: 2,
  maxArgs: 3,
  returns: text,
  infer: firstArg(STRING),
  volatility: 'immutable',
  nulls: 'strict',
  // SQL positions start at 1.
  impl: ([s, start, len]) => String(s).substr(Math.max(0, (start as number) - 1), len as number | undefined),
};

const LENGTH = unary(
  'length',
  () => INT,
  firstArg(STRING),
  (s) => String(s).length,
);

export const STRING_FUNCTIONS: readonly ScalarFunctionDef[] = [
  unary('upper', text, firstArg(STRING), (s) => String(s).toUpperCase()),
  unary('lower', text, firstArg(STRING), (s) => String(s).toLowerCase()),
  unary('trim', text, firstArg(STRING), (s) => String(s).trim()),
  LENGTH,
  // Spark's and PostgreSQL's other names for length.
  { ...LENGTH, name: 'char_length' },
  { ...LENGTH, name: 'character_length' },
  SUBSTR,
  {
    kind: 'scalar',
    name: 'split_part',
    minArgs: 3,
    maxArgs: 3,
    returns: text,
    infer: firstArg(STRING),
    volatility: 'immutable',
    nulls: 'strict',
    impl: ([s, delimiter, n]) => splitPart(String(s), String(delimiter), n as number),
  },
  // Spark's and PostgreSQL's name for substr.
  { ...SUBSTR, name: 'substring' },
  {
    kind: 'scalar',
    name: 'concat',
    minArgs: 1,
    maxArgs: 64,
    returns: text,
    volatility: 'immutable',
    // A NULL argument adds nothing.
    nulls: 'called',
    impl: (args) => args.map((a) => (a === null || a === undefined ? '' : String(a))).join(''),
  },
  {
    kind: 'scalar',
    name: 'replace',
    minArgs: 3,
    maxArgs: 3,
    returns: text,
    infer: firstArg(STRING),
    volatility: 'immutable',
    nulls: 'strict',
    impl: ([s, from, to]) => String(s).split(String(from)).join(String(to)),
  },
  unary('ltrim', text, firstArg(STRING), (s) => String(s).trimStart()),
  unary('rtrim', text, firstArg(STRING), (s) => String(s).trimEnd()),
  {
    kind: 'scalar',
    name: 'instr',
    minArgs: 2,
    maxArgs: 2,
    returns: () => INT,
    infer: firstArg(STRING),
    volatility: 'immutable',
    nulls: 'strict',
    // Spark's and Oracle's: the 1-based position of the first occurrence, 0 when there is none.
    impl: ([s, sub]) => String(s).indexOf(String(sub)) + 1,
  },
];

/**
 * Spark's split_part: part `n` counting from 1, or from the end when negative;
 * '' past the last part; an empty delimiter does not split. Spark raises an
 * error for part 0, which would stop the stream: here it is NULL.
 */
function splitPart(s: string, delimiter: string, n: number): string | null {
  if (n === 0) return null;
  const parts = delimiter === '' ? [s] : s.split(delimiter);
  return parts[n > 0 ? n - 1 : parts.length + n] ?? '';
}
