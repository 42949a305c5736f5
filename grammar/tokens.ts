import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * The tokens of the language. Keywords come before Identifier and use
 * `longer_alt: Identifier`, so `selected` is an identifier and `select` a keyword.
 * Non-reserved keywords also carry the `NonReserved` category: the parser accepts
 * them wherever a name is expected, so a column may be called `key` or `mode`.
 */
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
export const NonReserved = createToken({ name: 'NonReserved', pattern: Lexer.NA });

const allKeywords: TokenType[] = [];
function keyword(word: string, reserved: boolean): TokenType {
  const t = createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories: reserved ? [] : [NonReserved],
  });
  allKeywords.push(t);
  return t;
}
const reserved = (w: string) => keyword(w, true);
const nonReserved = (w: string) => keyword(w, false);

export const Select = reserved('SELECT');
export const Distinct = reserved('DISTINCT');
export const From = reserved('FROM');
export const Where = reserved('WHERE');
export const Group = reserved('GROUP');
export const By = reserved('BY');
export const Having = reserved('HAVING');
export const Into = reserved('INTO');
export const As = reserved('AS');
export const And = reserved('AND');
export const Or = reserved('OR');
export const Not = reserved('NOT');
export const Is = reserved('IS');
export const Null = reserved('NULL');
export const True = reserved('TRUE');
export const False = reserved('FALSE');
export const In = reserved('IN');
export const Between = reserved('BETWEEN');
export const Like = reserved('LIKE');
export const Case = reserved('CASE');
export const When = reserved('WHEN');
export const Then = reserved('THEN');
export const Else = reserved('ELSE');
export const End = reserved('END');
export const Cast = reserved('CAST');
export const Create = reserved('CREATE');
export const With = reserved('WITH');
export const Interval = reserved('INTERVAL');
export const Insert = reserved('INSERT');
export const On = reserved('ON');

// Connectors (kafka, postgres, …) are names, checked by the analyzer against the
// connector registry; only the console, which takes no target, is a word here.
export const Console = nonReserved('CONSOLE');
export const Mode = nonReserved('MODE');
/** Spark's `s RLIKE pattern`: regexp_like(s, pattern). */
export const Rlike = nonReserved('RLIKE');
export const Append = nonReserved('APPEND');
export const Update = nonReserved('UPDATE');
export const Complete = nonReserved('COMPLETE');
export const Key = nonReserved('KEY');
export const Stream = nonReserved('STREAM');
export const Watermark = nonReserved('WATERMARK');
export const For = nonReserved('FOR');
export const Every = nonReserved('EVERY');
export const Once = nonReserved('ONCE');
export const Available = nonReserved('AVAILABLE');
export const Now = nonReserved('NOW');
export const Continuous = nonReserved('CONTINUOUS');
export const Explain = nonReserved('EXPLAIN');
export const Verbose = nonReserved('VERBOSE');
export const Table = nonReserved('TABLE');
export const Primary = nonReserved('PRIMARY');
export const Drop = nonReserved('DROP');
export const If = nonReserved('IF');
export const Exists = nonReserved('EXISTS');
export const Show = nonReserved('SHOW');
export const Queries = nonReserved('QUERIES');
export const Streams = nonReserved('STREAMS');
export const Tables = nonReserved('TABLES');
export const Describe = nonReserved('DESCRIBE');
export const Terminate = nonReserved('TERMINATE');
export const SetKeyword = nonReserved('SET');
export const Overwrite = nonReserved('OVERWRITE');
export const Ignore = nonReserved('IGNORE');
export const ErrorKeyword = nonReserved('ERROR');
export const Deduplicate = nonReserved('DEDUPLICATE');
export const Within = nonReserved('WITHIN');
export const Quality = nonReserved('QUALITY');
export const Failed = nonReserved('FAILED');
export const Rows = nonReserved('ROWS');
export const Dead = nonReserved('DEAD');
export const Letters = nonReserved('LETTERS');
export const Late = nonReserved('LATE');

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\n\r]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'(?:[^']|'')*'/ });
export const QuotedIdentifier = createToken({ name: 'QuotedIdentifier', pattern: /"(?:[^"]|"")+"/ });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?/ });

export const LParen = createToken({ name: 'LParen', label: "'('", pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', label: "')'", pattern: /\)/ });
export const Comma = createToken({ name: 'Comma', label: "','", pattern: /,/ });
export const Semicolon = createToken({ name: 'Semicolon', label: "';'", pattern: /;/ });
export const Dot = createToken({ name: 'Dot', label: "'.'", pattern: /\./ });
export const Concat = createToken({ name: 'Concat', label: "'||'", pattern: /\|\|/ });
export const Plus = createToken({ name: 'Plus', label: "'+'", pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', label: "'-'", pattern: /-/ });
export const Star = createToken({ name: 'Star', label: "'*'", pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', label: "'/'", pattern: /\// });
export const Percent = createToken({ name: 'Percent', label: "'%'", pattern: /%/ });
export const NotEquals = createToken({ name: 'NotEquals', label: "'<>'", pattern: /<>|!=/ });
export const LessEquals = createToken({ name: 'LessEquals', label: "'<='", pattern: /<=/ });
export const GreaterEquals = createToken({ name: 'GreaterEquals', label: "'>='", pattern: />=/ });
export const Less = createToken({ name: 'Less', label: "'<'", pattern: /</ });
export const Greater = createToken({ name: 'Greater', label: "'>'", pattern: />/ });
export const Equals = createToken({ name: 'Equals', label: "'='", pattern: /=/ });

/** Keyword names, for "did you mean" hints on a misspelt keyword. */
export const keywordNames: readonly string[] = allKeywords.map((t) => t.name);

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  NonReserved,
  // Longest first, so that IN does not shadow INTERVAL nor INSERT.
  ...[...allKeywords].sort((a, b) => String(b.name).length - String(a.name).length),
  Identifier,
  QuotedIdentifier,
  StringLiteral,
  NumberLiteral,
  LParen,
  RParen,
  Comma,
  Semicolon,
  Dot,
  Concat,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  NotEquals,
  LessEquals,
  GreaterEquals,
  Less,
  Greater,
  Equals,
];

/**
 * `validated: false` skips Chevrotain's checks of the token definitions
 * (patterns that can never match, that match empty text): 10 ms of every
 * `k2o` start. A test builds it validated, so tokens that fail them never ship.
 */
export function buildLexer({ validated }: { validated: boolean }): Lexer {
  return new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'full', skipValidations: !validated });
}

/** Built once: Chevrotain's lexer is reusable across texts. */
export const KsqlLexer = buildLexer({ validated: false });
