import { describe, expect, it } from 'vitest';
import { buildLexer, KsqlLexer } from '../../grammar/tokens.js';

describe('the lexer', () => {
  it("passes Chevrotain's checks of its token definitions, which k2o skips at start", () => {
    // A definition error throws here; a warning (Chevrotain prints it) is kept on the lexer, outside its typed API.
    const validated = buildLexer({ validated: true });
    expect(validated.lexerDefinitionErrors).toEqual([]);
    expect((validated as unknown as { lexerDefinitionWarning: unknown[] }).lexerDefinitionWarning).toEqual([]);
  });

  it('built unvalidated, reads a text into the same tokens', () => {
    const text = "SELECT window(ts, '5 minutes'), sum(amount) AS total FROM KAFKA orders WHERE amount >= 1.5e3 INTO CONSOLE;";
    const names = (lexer: typeof KsqlLexer) => lexer.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
    expect(names(KsqlLexer)).toEqual(names(buildLexer({ validated: true })));
    expect(KsqlLexer.tokenize(text).errors).toEqual([]);
  });
});
