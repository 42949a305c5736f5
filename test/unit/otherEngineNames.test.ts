import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { FUNCTIONS } from '../../src/expr/functions/builtins.js';

const unknown = (call: string) => compile(`SELECT ${call} AS x FROM KAFKA s INTO CONSOLE`).diagnostics;

describe("another engine's function name", () => {
  it('says what k2o writes instead, at the name', () => {
    const [d] = unknown('sysdate()');
    expect(d).toMatchObject({ code: 'K2002', span: { column: 8, length: 7 } });
    expect(d!.hint).toContain('current_timestamp()');
    expect(unknown('split(a, ",")')[0]!.hint).toContain('split_part(s, delimiter, n)');
    expect(unknown("to_char(ts, 'YYYY')")[0]!.hint).toContain('date_format');
  });

  it('keeps the edit-distance guess for a typo of a k2o name', () => {
    expect(unknown('uper(a)')[0]!.hint).toBe('Did you mean upper()?');
  });

  it('never shadows a function k2o has', () => {
    for (const name of [
      'split',
      'sysdate',
      'systimestamp',
      'getdate',
      'to_char',
      'decode',
      'len',
      'strpos',
      'locate',
      'datepart',
      'date_part',
    ])
      expect(FUNCTIONS.get(name), name).toBeUndefined();
  });
});
