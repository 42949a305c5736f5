import {
  Alternation,
  Alternative,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
  type IProduction,
  type Rule,
  type TokenType,
} from 'chevrotain';
import { allTokens, keywordNames } from './tokens.js';

/**
 * The grammar as W3C EBNF text (the notation of the XML specification), printed
 * from the parser's own productions so it cannot drift from what is parsed.
 * Rules come first, in the parser's order; then the tokens that are neither a
 * keyword nor punctuation, defined by their patterns.
 */
export function printEbnf(rules: readonly Rule[]): string {
  const header = [
    '/* The grammar of k2o, printed from grammar/KsqlParser.ts by `npm run grammar`: do not edit.',
    '   Notation: W3C EBNF. Keywords are quoted in capitals and match in any case;',
    '   whitespace and SQL comments may stand between any two tokens. The token classes',
    '   (names, strings, numbers) are defined at the end by their regular expressions. */',
  ];
  const used = new Set<TokenType>();
  const body = rules.map((r) => printRule(r, used));
  const lexical = allTokens.filter((t) => used.has(t) && !isKeyword(t) && t.LABEL === undefined).map(printToken);
  return [header.join('\n'), ...body, ...lexical].join('\n\n') + '\n';
}

function printRule(rule: Rule, used: Set<TokenType>): string {
  const only = rule.definition.length === 1 ? rule.definition[0] : undefined;
  const head = `${rule.name} ::= `;
  if (only instanceof Alternation) {
    // One alternative a line, the bars under the `::=`.
    const pad = ' '.repeat(head.length - 2);
    return head + alternatives(only, used).join(`\n${pad}| `);
  }
  return head + sequence(rule.definition, used);
}

function sequence(prods: readonly IProduction[], used: Set<TokenType>): string {
  return prods.map((p) => item(p, used)).join(' ');
}

function alternatives(p: Alternation, used: Set<TokenType>): string[] {
  return p.definition.filter((alt) => alt instanceof Alternative).map((alt) => sequence(alt.definition, used));
}

function item(p: IProduction, used: Set<TokenType>): string {
  if (p instanceof Terminal) {
    used.add(p.terminalType);
    return terminal(p.terminalType);
  }
  if (p instanceof NonTerminal) return p.nonTerminalName;
  if (p instanceof Alternation) return `( ${alternatives(p, used).join(' | ')} )`;
  if (p instanceof Option) return `${group(p.definition, used)}?`;
  if (p instanceof Repetition) return `${group(p.definition, used)}*`;
  if (p instanceof RepetitionMandatory) return `${group(p.definition, used)}+`;
  if (p instanceof RepetitionMandatoryWithSeparator || p instanceof RepetitionWithSeparator) {
    used.add(p.separator);
    const one = sequence(p.definition, used);
    const list = `${one} ( ${terminal(p.separator)} ${one} )*`;
    return p instanceof RepetitionWithSeparator ? `( ${list} )?` : list;
  }
  throw new Error(`internal: no EBNF for the production ${p.constructor.name}`);
}

/** A suffix (`?`, `*`, `+`) binds to one item: a sequence of several is bracketed. */
function group(prods: readonly IProduction[], used: Set<TokenType>): string {
  const only = prods.length === 1 ? prods[0] : undefined;
  const bare = only instanceof Terminal || only instanceof NonTerminal || only instanceof Alternation;
  return bare ? item(only, used) : `( ${sequence(prods, used)} )`;
}

function isKeyword(t: TokenType): boolean {
  return keywordNames.includes(t.name);
}

function terminal(t: TokenType): string {
  if (isKeyword(t)) return `'${t.name}'`;
  return t.LABEL ?? t.name;
}

/** A token class: its pattern, or for a category the keywords it gathers. */
function printToken(t: TokenType): string {
  const members = allTokens.filter((m) => m.CATEGORIES?.includes(t));
  if (members.length > 0) return `${t.name} ::= ${members.map(terminal).sort().join(' | ')}`;
  if (t.PATTERN instanceof RegExp) return `${t.name} ::= /${t.PATTERN.source}/`;
  throw new Error(`internal: no EBNF for the token ${t.name}`);
}
