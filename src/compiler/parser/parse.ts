import type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from 'chevrotain';
import { buildAst, tokenSpan } from '../ast/buildAst.js';
import type { Script } from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import type { Span } from '../../core/Span.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';
import type { ScriptCstNode, StatementCstNode } from '../../../grammar/cst.js';
import { KsqlParser } from '../../../grammar/KsqlParser.js';
import * as T from '../../../grammar/tokens.js';
import { KsqlLexer, keywordNames } from '../../../grammar/tokens.js';
import { connectorWord, type ConnectorCatalog } from '../../core/ConnectorDescriptor.js';

/**
 * Chevrotain's messages are strings; ours are built from what was expected and
 * found, so the provider passes those through as JSON and `toDiagnostic` words them.
 */
/** What may stand where a statement begins; recovery reports an unknown one as "expected EOF". */
const STATEMENT_STARTS = [T.Select, T.Create, T.Insert, T.Explain, T.Drop, T.Show, T.Describe, T.Terminate, T.SetKeyword, T.Semicolon];

const structuredMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => encode(expected.name === 'EOF' ? STATEMENT_STARTS : [expected], actual),
  buildNotAllInputParsedMessage: ({ firstRedundant }) => encode(STATEMENT_STARTS, firstRedundant),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) =>
    encode(
      expectedPathsPerAlt.flatMap((paths) => paths.map((p) => p[0]).filter((t): t is TokenType => !!t)),
      actual[0]!,
    ),
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) =>
    encode(
      expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => !!t),
      actual[0]!,
    ),
};

/** Where a statement may begin, the words are too many to list: say "a statement" and keep them for the hint. */
function encode(expected: TokenType[], found: IToken): string {
  const keywords = expected.map((t) => t.name).filter((n) => keywordNames.includes(n));
  const words =
    expected === STATEMENT_STARTS ? ['a statement (SELECT, CREATE, INSERT, EXPLAIN, …)'] : [...new Set(expected.map(describeToken))];
  return JSON.stringify({ expected: words, keywords, found: found.image });
}

function describeToken(t: TokenType): string {
  switch (t.name) {
    case 'Identifier':
    case 'QuotedIdentifier':
    case 'NonReserved':
      return 'a name';
    case 'StringLiteral':
      return 'a string';
    case 'NumberLiteral':
      return 'a number';
    default:
      return typeof t.LABEL === 'string' ? t.LABEL : t.name;
  }
}

function listWords(words: string[]): string {
  if (words.length === 0) return "';' or the end of the file";
  if (words.length <= 1) return words[0]!;
  const shown = words.slice(0, 6);
  const tail = words.length > 6 ? ', …' : '';
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}${tail}`;
}

// Validated by the grammar tests (test/unit/grammarFiles.test.ts), not on every start.
const parser = new KsqlParser({ validated: false });
(parser as unknown as { errorMessageProvider: IParserErrorMessageProvider }).errorMessageProvider = structuredMessages;

export interface ParseResult {
  readonly script?: Script;
  readonly diagnostics: Diagnostic[];
}

/**
 * Text → AST, or the syntax errors (several per run, thanks to recovery). The
 * grammar reads any name as a connector; `connectors` only words the hints.
 */
export function parse(text: string, connectors: ConnectorCatalog = new Map()): ParseResult {
  const lexed = KsqlLexer.tokenize(text);
  const diagnostics: Diagnostic[] = lexed.errors.map((e) => {
    const span: Span = { offset: e.offset, line: e.line ?? 1, column: e.column ?? 1, length: e.length };
    const ch = text.charAt(e.offset);
    return ch === "'" ? diag('UnterminatedString', span, [], "Close the string with '.") : diag('UnexpectedCharacter', span, [ch]);
  });
  // Statement by statement: the parser's recovery then works within one statement,
  // so time and memory grow with the text, not with the errors before each one.
  const statements: StatementCstNode[] = [];
  for (const tokens of splitAtSemicolons(lexed.tokens)) {
    parser.input = tokens;
    // Chevrotain types every rule's result as a bare CstNode; grammar/cst.ts says what `script` builds.
    const cst = parser.script() as ScriptCstNode;
    diagnostics.push(...parser.errors.map((e) => toDiagnostic(e, text, connectors)));
    statements.push(...(cst.children.statement ?? []));
  }
  if (diagnostics.length > 0) return { diagnostics };
  const cst: ScriptCstNode = { name: 'script', children: { statement: statements } };
  const built = buildAst(cst);
  return built.diagnostics.length > 0 ? { diagnostics: built.diagnostics } : { script: built.script, diagnostics: [] };
}

/** Each statement's tokens with the `;` that ends it (strings and comments are single tokens already). */
function splitAtSemicolons(tokens: readonly IToken[]): IToken[][] {
  const chunks: IToken[][] = [];
  let current: IToken[] = [];
  for (const t of tokens) {
    current.push(t);
    if (t.tokenType === T.Semicolon) {
      chunks.push(current);
      current = [];
    }
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}

function endOfText(text: string): Span {
  // As the lexer counts lines (Chevrotain's default terminators: \n, \r\n, a lone \r).
  const lines = text.split(/\r\n|\r|\n/);
  const last = lines[lines.length - 1] ?? '';
  return { offset: text.length, line: lines.length, column: last.length + 1, length: 1 };
}

function toDiagnostic(e: IRecognitionException, text: string, connectors: ConnectorCatalog): Diagnostic {
  let info: { expected: string[]; keywords: string[]; found: string };
  try {
    info = JSON.parse(e.message) as typeof info;
  } catch {
    info = { expected: [], keywords: [], found: e.token.image };
  }
  const expected = listWords(info.expected);
  // Chevrotain's exceptions carry the token before the error, though its types do not say so.
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const afterConnector = previous?.tokenType.name === 'Identifier' ? connectors.get(previous.image.toLowerCase()) : undefined;
  const sinkHint =
    afterConnector && info.expected.includes('a name') ? `Name the ${afterConnector.target}: ${previous!.image} <name>.` : undefined;
  if (e.token.tokenType.name === 'EOF' || Number.isNaN(e.token.startOffset)) {
    return diag('UnexpectedEnd', endOfText(text), [expected], sinkHint);
  }
  const guess = closest(info.found, info.keywords);
  // After FROM and one name: that name was read as the connector, so a connector is what is missing.
  const inFrom =
    e.context.ruleStack.at(-1) === 'fromClause' &&
    !info.expected.includes('FROM') &&
    previous?.tokenType.name === 'Identifier' &&
    !afterConnector;
  const fromHint = inFrom
    ? `'${previous!.image}' is not a connector: write FROM <connector> <name>, e.g. FROM KAFKA ${previous!.image}.`
    : undefined;
  const hint = guess ? `Did you mean ${guess}?` : (sinkHint ?? fromHint ?? hintFor(info.found, info.expected, connectors));
  return diag('UnexpectedToken', tokenSpan(e.token), [info.found, expected], hint);
}

function hintFor(found: string, expected: string[], connectors: ConnectorCatalog): string | undefined {
  if (expected.includes('INTO')) {
    const sinks = [...connectors.values()].filter((d) => d.roles.includes('sink'));
    const named = sinks.filter((d) => d.target !== 'none').map((d) => connectorWord(d.name));
    const bare = sinks.filter((d) => d.target === 'none').map((d) => ` or INTO ${connectorWord(d.name)}`);
    return `A query ends with INTO ${named.length > 0 ? named.join('|') : '<connector>'} <name>${bare.join('')}.`;
  }
  if (/^[A-Za-z_]\w*$/.test(found) && expected.includes('FROM')) return `To name a column write AS ${found}.`;
  return undefined;
}
