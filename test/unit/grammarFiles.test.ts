import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../grammar/generatedFiles.js';
import { KsqlParser } from '../../grammar/KsqlParser.js';

const repository = new URL('../../', import.meta.url);
const files = generatedFiles();

describe('files generated from the grammar', () => {
  for (const file of files) {
    it(`${file.path} is what the parser generates today`, () => {
      const committed = readFileSync(new URL(file.path, repository), 'utf8');
      expect(committed === file.text, `${file.path} is stale: run npm run grammar`).toBe(true);
    });
  }

  it('the EBNF defines every rule of the parser, in its order', () => {
    const ebnf = files.find((f) => f.path === 'grammar/ksql.ebnf')!.text;
    const defined = [...ebnf.matchAll(/^([a-z]\w*) ::= /gm)].map((m) => m[1]);
    expect(defined).toEqual(Object.keys(new KsqlParser().getGAstProductions()));
  });

  it('the diagrams page needs nothing from the network', () => {
    const html = files.find((f) => f.path === 'grammar/diagrams.html')!.text;
    expect(html).not.toMatch(/<script src=|<link /);
    expect(html).toContain('window.serializedGrammar');
  });
});
