import { BOOLEAN, INT, isNumeric, STRING, type SqlType } from '../../core/SqlType.js';
import { everyArg, type ScalarFunctionDef } from './FunctionDef.js';

/**
 * Regular expressions are JavaScript's (ECMAScript syntax, as `new RegExp`
 * reads them), which for the patterns pipelines use — classes, groups,
 * anchors, quantifiers, `\d`, `\w` — match as Spark's Java ones do.
 */

/** Compiled patterns by their text: a pattern is compiled once, not once per row. */
const compiled = new Map<string, RegExp | null>();
const COMPILED_LIMIT = 1000;

function regexOf(pattern: string, global = false): RegExp | null {
  const key = `${global ? 'g' : ''}/${pattern}`;
  let re = compiled.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, global ? 'g' : '');
    } catch {
      re = null;
    }
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    compiled.set(key, re);
  }
  if (re) re.lastIndex = 0;
  return re;
}

const textArgs = (types: readonly SqlType[]) => types.every((t) => t.kind === 'STRING' || t.kind === 'UNKNOWN');

export const REGEX_FUNCTIONS: readonly ScalarFunctionDef[] = [
  {
    kind: 'scalar',
    name: 'regexp_extract',
    minArgs: 2,
    maxArgs: 3,
    returns: (a) => (!textArgs(a.slice(0, 2)) || (a[2] && !isNumeric(a[2])) ? 'a string, a pattern and a group number' : STRING),
    infer: (i) => (i < 2 ? STRING : INT),
    volatility: 'immutable',
    nulls: 'strict',
    // Spark: the group of the first match, '' when nothing matches or the group took no part; group 1 by default.
    nullOtherwise: true,
    patternArg: 1,
    impl: ([s, pattern, group = 1]) => {
      const re = regexOf(String(pattern));
      if (!re) return null;
      const m = re.exec(String(s));
      const g = Number(group);
      if (!Number.isInteger(g) || g < 0 || (m && g >= m.length)) return null;
      return m?.[g] ?? '';
    },
  },
  {
    kind: 'scalar',
    name: 'regexp_replace',
    minArgs: 3,
    maxArgs: 3,
    returns: (a) => (!textArgs(a) ? 'a string, a pattern and a replacement' : STRING),
    infer: everyArg(STRING),
    volatility: 'immutable',
    nulls: 'strict',
    nullOtherwise: true,
    patternArg: 1,
    // Every match; $1… in the replacement are the groups, as in Spark.
    impl: ([s, pattern, replacement]) => {
      const re = regexOf(String(pattern), true);
      return re ? String(s).replace(re, String(replacement)) : null;
    },
  },
  {
    kind: 'scalar',
    name: 'regexp_like',
    minArgs: 2,
    maxArgs: 2,
    returns: (a) => (!textArgs(a) ? 'a string and a pattern' : BOOLEAN),
    infer: everyArg(STRING),
    volatility: 'immutable',
    nulls: 'strict',
    nullOtherwise: true,
    patternArg: 1,
    // Spark's rlike: a match anywhere in the string.
    impl: ([s, pattern]) => {
      const re = regexOf(String(pattern));
      return re ? re.test(String(s)) : null;
    },
  },
];
