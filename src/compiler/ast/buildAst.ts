import type { CstElement, CstNode, IToken } from 'chevrotain';
import { diag } from '../diagnostics/messages.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import type { Span } from '../../core/Span.js';
import type { DatabaseKind, SinkKind } from '../../core/specs.js';
import type * as A from './Ast.js';
import { parseInterval } from './interval.js';

/**
 * CST → AST. The CST is only read here; every later phase sees the AST. The
 * parser has already reported syntax errors, so this runs only on a clean CST;
 * it reports the few errors that need the token text (a malformed interval).
 */
export function buildAst(cst: CstNode): { script: A.Script; diagnostics: Diagnostic[] } {
  const b = new AstBuilder();
  const statements = nodes(cst, 'statement').map((s) => b.statement(s));
  return { script: { statements }, diagnostics: b.diagnostics };
}

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

function nodes(n: CstNode, name: string): CstNode[] {
  return ((n.children as Children)[name] ?? []).filter((e): e is CstNode => !isToken(e));
}
function node(n: CstNode, name: string): CstNode | undefined {
  return nodes(n, name)[0];
}
function need(n: CstNode, name: string): CstNode {
  const c = node(n, name);
  if (!c) throw new Error(`internal: CST node '${n.name}' has no '${name}'`);
  return c;
}
function tokens(n: CstNode, name: string): IToken[] {
  return ((n.children as Children)[name] ?? []).filter(isToken);
}
function token(n: CstNode, name: string): IToken | undefined {
  return tokens(n, name)[0];
}

/** All tokens that are direct children of `n`, in source order. */
function directTokens(n: CstNode): IToken[] {
  return Object.values(n.children as Children)
    .flatMap((es) => es ?? [])
    .filter(isToken)
    .sort((a, b) => a.startOffset - b.startOffset);
}

export function tokenSpan(t: IToken): Span {
  return { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1, length: t.image.length };
}

function nodeSpan(n: CstNode): Span {
  const l = n.location;
  if (!l || Number.isNaN(l.startOffset)) return { offset: 0, line: 1, column: 1, length: 0 };
  return {
    offset: l.startOffset,
    line: l.startLine ?? 1,
    column: l.startColumn ?? 1,
    length: (l.endOffset ?? l.startOffset) - l.startOffset + 1,
  };
}

function unquote(image: string, quote: string): string {
  return image.slice(1, -1).split(quote + quote).join(quote);
}

const COMPARISON: Record<string, A.BinaryOp> = {
  Equals: '=',
  NotEquals: '<>',
  Less: '<',
  LessEquals: '<=',
  Greater: '>',
  GreaterEquals: '>=',
};
const ARITHMETIC: Record<string, A.BinaryOp> = { Plus: '+', Minus: '-', Concat: '||', Star: '*', Slash: '/', Percent: '%' };

class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  statement(n: CstNode): A.Statement {
    const span = nodeSpan(n);
    const create = node(n, 'createStatement');
    if (create) {
      const stream = node(create, 'createStream');
      return stream ? this.createStream(stream, nodeSpan(create)) : this.createTable(need(create, 'createTable'), nodeSpan(create));
    }
    const drop = node(n, 'dropStatement');
    if (drop) {
      return { kind: 'DropStmt', object: token(drop, 'STREAM') ? 'stream' : 'table', ifExists: token(drop, 'IF') !== undefined, name: this.ident(need(drop, 'name')), span };
    }
    const explain = node(n, 'explainStatement');
    if (explain) {
      const select = node(explain, 'selectQuery');
      const statement = select ? this.selectQuery(select) : this.insert(need(explain, 'insertStatement'));
      return { kind: 'ExplainStmt', verbose: token(explain, 'VERBOSE') !== undefined, statement, span };
    }
    const insert = node(n, 'insertStatement');
    if (insert) return this.insert(insert);
    const show = node(n, 'showStatement');
    if (show) {
      const what = token(show, 'QUERIES') ? 'queries' : token(show, 'STREAMS') ? 'streams' : 'tables';
      return { kind: 'ShowStmt', what, span };
    }
    const describe = node(n, 'describeStatement');
    if (describe) return { kind: 'DescribeStmt', name: this.ident(need(describe, 'name')), span };
    const terminate = node(n, 'terminateStatement');
    if (terminate) {
      const str = token(terminate, 'StringLiteral');
      const id = str ? unquote(str.image, "'") : this.ident(need(terminate, 'name')).name;
      return { kind: 'TerminateStmt', id, span };
    }
    const set = node(n, 'setStatement');
    if (set) return { kind: 'SetStmt', name: this.ident(need(set, 'name')), value: this.literal(need(set, 'literal')), span };
    return this.selectQuery(need(n, 'selectQuery'));
  }

  createStream(n: CstNode, span: Span): A.CreateStreamStmt {
    const wm = node(n, 'watermarkDef');
    const withOptions = node(n, 'withOptions');
    return {
      kind: 'CreateStreamStmt',
      name: this.ident(need(n, 'name')),
      columns: nodes(n, 'columnDef').map((c) => this.columnDef(c)),
      ...(wm && {
        watermark: { column: this.ident(need(wm, 'name')), expr: this.expr(need(wm, 'expression')), span: nodeSpan(wm) },
      }),
      options: withOptions ? this.options(withOptions) : [],
      span,
    };
  }

  createTable(n: CstNode, span: Span): A.CreateTableStmt {
    const pk = node(n, 'primaryKey');
    return {
      kind: 'CreateTableStmt',
      name: this.ident(need(n, 'name')),
      columns: nodes(n, 'columnDef').map((c) => this.columnDef(c)),
      primaryKey: pk ? this.nameList(need(pk, 'nameList')) : [],
      database: this.database(need(n, 'databaseKind')),
      span,
    };
  }

  columnDef(c: CstNode): A.ColumnDef {
    return { name: this.ident(need(c, 'name')), type: this.typeRef(need(c, 'typeName')), notNull: token(c, 'NOT') !== undefined };
  }

  nameList(n: CstNode): A.Ident[] {
    return nodes(n, 'name').map((x) => this.ident(x));
  }

  database(n: CstNode): DatabaseKind {
    return token(n, 'ORACLE') ? 'oracle' : 'postgres';
  }

  insert(n: CstNode): A.InsertStmt {
    const mode = node(n, 'modeClause');
    const withOptions = node(n, 'withOptions');
    return {
      kind: 'InsertStmt',
      database: this.database(need(n, 'databaseKind')),
      target: this.ident(need(n, 'name')),
      query: this.queryBody(need(n, 'queryBody')),
      ...(mode && { mode: this.mode(mode) }),
      options: withOptions ? this.options(withOptions) : [],
      span: nodeSpan(n),
    };
  }

  mode(n: CstNode): { value: A.ModeWord; span: Span } {
    const t = directTokens(n)[1]!;
    return { value: t.image.toLowerCase() as A.ModeWord, span: tokenSpan(t) };
  }

  typeRef(n: CstNode): A.TypeRef {
    const nameNode = node(n, 'name');
    const name = nameNode ? this.ident(nameNode).name.toUpperCase() : 'INTERVAL';
    return { name, params: tokens(n, 'NumberLiteral').map((t) => Number(t.image)), span: nodeSpan(n) };
  }

  options(n: CstNode): A.OptionItem[] {
    return nodes(n, 'optionItem').map((o) => ({ name: this.ident(need(o, 'name')), value: this.literal(need(o, 'literal')) }));
  }

  selectQuery(n: CstNode): A.SelectStmt {
    return { kind: 'SelectStmt', ...this.queryBody(need(n, 'queryBody')), into: this.into(need(n, 'intoClause')), span: nodeSpan(n) };
  }

  queryBody(n: CstNode): A.QueryBody {
    const where = node(n, 'whereClause');
    const dedup = node(n, 'dedupClause');
    const quality = node(n, 'qualityClause');
    const groupBy = node(n, 'groupByClause');
    const having = node(n, 'havingClause');
    return {
      distinct: token(n, 'DISTINCT') !== undefined,
      items: nodes(n, 'selectItem').map((i) => this.selectItem(i)),
      from: this.from(need(n, 'fromClause')),
      ...(where && { where: this.expr(need(where, 'expression')) }),
      ...(dedup && { dedup: this.dedup(dedup) }),
      quality: quality
        ? nodes(quality, 'qualityRule').map((r) => ({ name: this.ident(need(r, 'name')), expr: this.expr(need(r, 'expression')) }))
        : [],
      groupBy: groupBy ? nodes(groupBy, 'expression').map((e) => this.expr(e)) : [],
      ...(having && { having: this.expr(need(having, 'expression')) }),
      span: nodeSpan(n),
    };
  }

  from(n: CstNode): A.FromClause {
    const span = nodeSpan(n);
    const db = node(n, 'databaseKind');
    if (db) return { kind: 'table', database: this.database(db), name: this.ident(need(n, 'name')), span };
    const pattern = token(n, 'StringLiteral');
    if (pattern) return { kind: 'kafkaPattern', pattern: unquote(pattern.image, "'"), patternSpan: tokenSpan(pattern), span };
    return { kind: 'kafka', streams: nodes(n, 'name').map((x) => this.ident(x)), span };
  }

  dedup(n: CstNode): A.DedupClause {
    const str = token(n, 'StringLiteral')!;
    const text = unquote(str.image, "'");
    const withinMs = parseInterval(text);
    if (withinMs === undefined || withinMs <= 0) {
      this.diagnostics.push(diag('BadInterval', tokenSpan(str), [text], "Write a duration such as '1 hour'."));
    }
    return { keys: this.nameList(need(n, 'nameList')), withinMs: withinMs ?? 0, span: nodeSpan(n) };
  }

  selectItem(n: CstNode): A.SelectItem {
    const e = node(n, 'expression');
    const alias = node(n, 'name');
    return { expr: e ? this.expr(e) : 'star', ...(alias && { alias: this.ident(alias) }), span: nodeSpan(n) };
  }

  into(n: CstNode): A.IntoClause {
    const key = node(n, 'nameList');
    const mode = node(n, 'modeClause');
    const trig = node(n, 'trigger');
    const withOptions = node(n, 'withOptions');
    return {
      ...this.sinkRef(need(n, 'sinkTarget')),
      ...(mode && { mode: this.mode(mode) }),
      ...(key && { key: this.nameList(key) }),
      routes: nodes(n, 'routeClause').map((r) => ({
        route: token(r, 'FAILED') ? 'failed' : token(r, 'DEAD') ? 'deadLetters' : 'late',
        to: this.sinkRef(need(r, 'sinkTarget')),
        span: nodeSpan(r),
      })),
      ...(trig && { trigger: this.trigger(trig) }),
      options: withOptions ? this.options(withOptions) : [],
    };
  }

  sinkRef(n: CstNode): A.SinkRef {
    const kindTok = directTokens(n)[0]!;
    const target = node(n, 'qualifiedName');
    return {
      sink: kindTok.image.toLowerCase() as SinkKind,
      sinkSpan: tokenSpan(kindTok),
      ...(target && { target: this.qualifiedName(target) }),
    };
  }

  /** Parts joined with '.', the span covering them all: the sinks split `schema.table` themselves. */
  qualifiedName(n: CstNode): A.Ident {
    const parts = nodes(n, 'name').map((x) => this.ident(x));
    return { name: parts.map((p) => p.name).join('.'), span: nodeSpan(n) };
  }

  trigger(n: CstNode): A.Trigger {
    const span = nodeSpan(n);
    const every = token(n, 'StringLiteral');
    if (every) {
      const text = unquote(every.image, "'");
      const millis = parseInterval(text);
      if (millis === undefined || millis <= 0) {
        this.diagnostics.push(diag('BadInterval', tokenSpan(every), [text], "Write a duration such as '10 seconds'."));
      }
      return { kind: 'every', millis: millis ?? 1000, span };
    }
    if (token(n, 'ONCE')) return { kind: 'once', span };
    if (token(n, 'AVAILABLE')) return { kind: 'availableNow', span };
    return { kind: 'continuous', span };
  }

  ident(n: CstNode): A.Ident {
    const t = directTokens(n)[0]!;
    const name = t.tokenType.name === 'QuotedIdentifier' ? unquote(t.image, '"') : t.image.toLowerCase();
    return { name, span: tokenSpan(t) };
  }

  literal(n: CstNode): A.Literal {
    const t = directTokens(n)[0]!;
    const span = tokenSpan(t);
    switch (t.tokenType.name) {
      case 'NumberLiteral':
        return { kind: 'Literal', value: Number(t.image), span };
      case 'StringLiteral':
        return { kind: 'Literal', value: unquote(t.image, "'"), span };
      case 'TRUE':
        return { kind: 'Literal', value: true, span };
      case 'FALSE':
        return { kind: 'Literal', value: false, span };
      default:
        return { kind: 'Literal', value: null, span };
    }
  }

  expr(n: CstNode): A.Expr {
    switch (n.name) {
      case 'expression':
        return this.chain(n, 'andExpression', () => 'OR');
      case 'andExpression':
        return this.chain(n, 'notExpression', () => 'AND');
      case 'notExpression': {
        const inner = node(n, 'notExpression');
        if (inner) return { kind: 'UnaryExpr', op: 'NOT', operand: this.expr(inner), span: nodeSpan(n) };
        return this.expr(need(n, 'predicate'));
      }
      case 'predicate':
        return this.predicate(n);
      case 'additive':
        return this.chain(n, 'multiplicative', (t) => ARITHMETIC[t.tokenType.name]!);
      case 'multiplicative':
        return this.chain(n, 'unary', (t) => ARITHMETIC[t.tokenType.name]!);
      case 'unary': {
        const inner = node(n, 'unary');
        if (!inner) return this.expr(need(n, 'primary'));
        const operand = this.expr(inner);
        return token(n, 'Minus') ? { kind: 'UnaryExpr', op: '-', operand, span: nodeSpan(n) } : operand;
      }
      case 'primary':
        return this.primary(n);
      default:
        throw new Error(`internal: unexpected CST node '${n.name}'`);
    }
  }

  /** A left-associative chain `a op b op c`, operators taken in source order. */
  private chain(n: CstNode, operandRule: string, opOf: (t: IToken) => A.BinaryOp): A.Expr {
    const operands = nodes(n, operandRule);
    const ops = directTokens(n);
    let acc = this.expr(operands[0]!);
    for (let i = 1; i < operands.length; i++) {
      const right = this.expr(operands[i]!);
      const span = { ...acc.span, length: right.span.offset + right.span.length - acc.span.offset };
      acc = { kind: 'BinaryExpr', op: opOf(ops[i - 1]!), left: acc, right, span };
    }
    return acc;
  }

  private predicate(n: CstNode): A.Expr {
    const operands = nodes(n, 'additive').map((x) => this.expr(x));
    const left = operands[0]!;
    const span = nodeSpan(n);
    const negated = token(n, 'NOT') !== undefined;
    const cmp = node(n, 'comparisonOperator');
    if (cmp) {
      return { kind: 'BinaryExpr', op: COMPARISON[directTokens(cmp)[0]!.tokenType.name]!, left, right: operands[1]!, span };
    }
    if (token(n, 'IS')) return { kind: 'IsNullExpr', operand: left, negated, span };
    if (token(n, 'IN')) return { kind: 'InExpr', operand: left, list: operands.slice(1), negated, span };
    if (token(n, 'BETWEEN')) {
      return { kind: 'BetweenExpr', operand: left, low: operands[1]!, high: operands[2]!, negated, span };
    }
    if (token(n, 'LIKE')) return { kind: 'LikeExpr', operand: left, pattern: operands[1]!, negated, span };
    return left;
  }

  private primary(n: CstNode): A.Expr {
    const lit = node(n, 'literal');
    if (lit) return this.literal(lit);
    const interval = node(n, 'intervalLiteral');
    if (interval) return this.interval(interval);
    const c = node(n, 'caseExpression');
    if (c) return this.caseExpr(c);
    const cast = node(n, 'castExpression');
    if (cast) {
      return { kind: 'CastExpr', operand: this.expr(need(cast, 'expression')), type: this.typeRef(need(cast, 'typeName')), span: nodeSpan(cast) };
    }
    const call = node(n, 'nameOrCall');
    if (call) return this.nameOrCall(call);
    return this.expr(need(n, 'expression'));
  }

  private interval(n: CstNode): A.IntervalLit {
    const str = token(n, 'StringLiteral')!;
    const unit = token(n, 'Identifier');
    const text = unquote(str.image, "'");
    const millis = parseInterval(text, unit?.image);
    const span = nodeSpan(n);
    if (millis === undefined) {
      this.diagnostics.push(diag('BadInterval', span, [unit ? `${text} ${unit.image}` : text], "Write INTERVAL '30' SECOND or INTERVAL '5 minutes'."));
    }
    return { kind: 'IntervalLit', text: unit ? `${text} ${unit.image.toLowerCase()}` : text, millis: millis ?? 0, span };
  }

  private caseExpr(n: CstNode): A.CaseExpr {
    const exprs = nodes(n, 'expression');
    const whens = tokens(n, 'WHEN');
    const elseTok = token(n, 'ELSE');
    const hasOperand = exprs.length > 0 && whens.length > 0 && exprs[0]!.location!.startOffset < whens[0]!.startOffset;
    const rest = hasOperand ? exprs.slice(1) : exprs;
    const branches = whens.map((_, i) => ({ when: this.expr(rest[2 * i]!), then: this.expr(rest[2 * i + 1]!) }));
    const otherwise = elseTok ? rest[2 * whens.length] : undefined;
    return {
      kind: 'CaseExpr',
      ...(hasOperand && { operand: this.expr(exprs[0]!) }),
      branches,
      ...(otherwise && { otherwise: this.expr(otherwise) }),
      span: nodeSpan(n),
    };
  }

  private nameOrCall(n: CstNode): A.Expr {
    const names = nodes(n, 'name').map((x) => this.ident(x));
    const first = names[0]!;
    const span = nodeSpan(n);
    if (token(n, 'LParen')) {
      return {
        kind: 'FunctionCall',
        name: first.name.toLowerCase(),
        args: nodes(n, 'expression').map((x) => this.expr(x)),
        star: token(n, 'Star') !== undefined,
        distinct: token(n, 'DISTINCT') !== undefined,
        nameSpan: first.span,
        span,
      };
    }
    const second = names[1];
    return second
      ? { kind: 'ColumnRef', qualifier: first.name, name: second.name, span }
      : { kind: 'ColumnRef', name: first.name, span };
  }
}
