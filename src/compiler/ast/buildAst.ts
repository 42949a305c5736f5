import type { CstNode, IToken } from 'chevrotain';
import type * as C from '../../../grammar/cst.js';
import type { Span } from '../../core/Span.js';
import { diag } from '../diagnostics/messages.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import type * as A from './Ast.js';
import { parseInterval } from './interval.js';

/**
 * CST → AST. The CST is only read here; every later phase sees the AST. The
 * parser has already reported syntax errors, so this runs only on a clean CST;
 * it reports the few errors that need the token text (a malformed interval).
 * Each rule's children are read through the types generated from the grammar
 * (grammar/cst.ts), so a renamed rule or token is a compile error here.
 */
export function buildAst(cst: C.ScriptCstNode): { script: A.Script; diagnostics: Diagnostic[] } {
  const b = new AstBuilder();
  const statements = (cst.children.statement ?? []).map((s) => b.statement(s));
  return { script: { statements }, diagnostics: b.diagnostics };
}

/**
 * The child a clean parse always has. Several arguments: the alternatives of an
 * OR, of which the parse took one.
 */
function one<T>(...alternatives: (T[] | undefined)[]): T {
  for (const a of alternatives) {
    const first = a?.[0];
    if (first !== undefined) return first;
  }
  throw new Error('internal: the CST lacks a child that the grammar requires');
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
  return image
    .slice(1, -1)
    .split(quote + quote)
    .join(quote);
}

/** The operators of a left-associative chain, in source order: each token kind is its own child list. */
function operatorsInOrder(kinds: [IToken[] | undefined, A.BinaryOp][]): A.BinaryOp[] {
  return kinds
    .flatMap(([tokens, op]) => (tokens ?? []).map((t) => ({ at: t.startOffset, op })))
    .sort((a, b) => a.at - b.at)
    .map((o) => o.op);
}

class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  statement(n: C.StatementCstNode): A.Statement {
    const c = n.children;
    const span = nodeSpan(n);
    const create = c.createStatement?.[0];
    if (create) {
      const stream = create.children.createStream?.[0];
      return stream ? this.createStream(stream, nodeSpan(create)) : this.createTable(one(create.children.createTable), nodeSpan(create));
    }
    const drop = c.dropStatement?.[0]?.children;
    if (drop) {
      return {
        kind: 'DropStmt',
        object: drop.STREAM ? 'stream' : 'table',
        ifExists: drop.IF !== undefined,
        name: this.ident(one(drop.name)),
        span,
      };
    }
    const explain = c.explainStatement?.[0]?.children;
    if (explain) {
      const select = explain.selectQuery?.[0];
      const statement = select ? this.selectQuery(select) : this.insert(one(explain.insertStatement));
      return { kind: 'ExplainStmt', verbose: explain.VERBOSE !== undefined, statement, span };
    }
    const insert = c.insertStatement?.[0];
    if (insert) return this.insert(insert);
    const show = c.showStatement?.[0]?.children;
    if (show) {
      const what = show.QUERIES ? 'queries' : show.STREAMS ? 'streams' : 'tables';
      return { kind: 'ShowStmt', what, span };
    }
    const describe = c.describeStatement?.[0]?.children;
    if (describe) return { kind: 'DescribeStmt', name: this.ident(one(describe.name)), span };
    const terminate = c.terminateStatement?.[0]?.children;
    if (terminate) {
      const str = terminate.StringLiteral?.[0];
      const id = str ? unquote(str.image, "'") : this.ident(one(terminate.name)).name;
      return { kind: 'TerminateStmt', id, span };
    }
    const set = c.setStatement?.[0]?.children;
    if (set) return { kind: 'SetStmt', name: this.ident(one(set.name)), value: this.literal(one(set.literal)), span };
    return this.selectQuery(one(c.selectQuery));
  }

  createStream(n: C.CreateStreamCstNode, span: Span): A.CreateStreamStmt {
    const c = n.children;
    const wm = c.watermarkDef?.[0];
    const withOptions = c.withOptions?.[0];
    return {
      kind: 'CreateStreamStmt',
      name: this.ident(one(c.name)),
      columns: (c.columnDef ?? []).map((d) => this.columnDef(d)),
      ...(wm && {
        watermark: { column: this.ident(one(wm.children.name)), expr: this.expression(one(wm.children.expression)), span: nodeSpan(wm) },
      }),
      options: withOptions ? this.options(withOptions) : [],
      span,
    };
  }

  createTable(n: C.CreateTableCstNode, span: Span): A.CreateTableStmt {
    const c = n.children;
    const pk = c.primaryKey?.[0];
    return {
      kind: 'CreateTableStmt',
      ifNotExists: c.EXISTS !== undefined,
      name: this.ident(one(c.name)),
      columns: (c.columnDef ?? []).map((d) => this.columnDef(d)),
      primaryKey: pk ? this.nameList(one(pk.children.nameList)) : [],
      database: this.connector(one(c.connector)),
      span,
    };
  }

  columnDef(n: C.ColumnDefCstNode): A.ColumnDef {
    const c = n.children;
    return { name: this.ident(one(c.name)), type: this.typeRef(one(c.typeName)), notNull: c.NOT !== undefined };
  }

  nameList(n: C.NameListCstNode): A.Ident[] {
    return n.children.name.map((x) => this.ident(x));
  }

  /** Identifiers fold to lower case, as the registry names connectors. */
  connector(n: C.ConnectorCstNode): A.Ident {
    const t = one(n.children.Identifier);
    return { name: t.image.toLowerCase(), span: tokenSpan(t) };
  }

  insert(n: C.InsertStatementCstNode): A.InsertStmt {
    const c = n.children;
    const mode = c.modeClause?.[0];
    const withOptions = c.withOptions?.[0];
    return {
      kind: 'InsertStmt',
      database: this.connector(one(c.connector)),
      target: this.ident(one(c.name)),
      query: this.queryBody(one(c.queryBody)),
      ...(mode && { mode: this.mode(mode) }),
      options: withOptions ? this.options(withOptions) : [],
      span: nodeSpan(n),
    };
  }

  mode(n: C.ModeClauseCstNode): { value: A.ModeWord; span: Span } {
    const c = n.children;
    const t = one(c.APPEND, c.UPDATE, c.COMPLETE, c.OVERWRITE, c.IGNORE, c.ERROR);
    return { value: t.image.toLowerCase() as A.ModeWord, span: tokenSpan(t) };
  }

  typeRef(n: C.TypeNameCstNode): A.TypeRef {
    const c = n.children;
    const nameNode = c.name?.[0];
    const base = nameNode ? this.ident(nameNode).name.toUpperCase() : 'INTERVAL';
    const suffix = c.WITH ? ` WITH ${(c.Identifier ?? []).map((t) => t.image.toUpperCase()).join(' ')}` : '';
    const name = base + suffix;
    return { name, params: (c.NumberLiteral ?? []).map((t) => Number(t.image)), span: nodeSpan(n) };
  }

  options(n: C.WithOptionsCstNode): A.OptionItem[] {
    return n.children.optionItem.map((o) => ({ name: this.ident(one(o.children.name)), value: this.literal(one(o.children.literal)) }));
  }

  selectQuery(n: C.SelectQueryCstNode): A.SelectStmt {
    const c = n.children;
    return { kind: 'SelectStmt', ...this.queryBody(one(c.queryBody)), into: this.into(one(c.intoClause)), span: nodeSpan(n) };
  }

  queryBody(n: C.QueryBodyCstNode): A.QueryBody {
    const c = n.children;
    const where = c.whereClause?.[0];
    const dedup = c.dedupClause?.[0];
    const quality = c.qualityClause?.[0];
    const groupBy = c.groupByClause?.[0];
    const having = c.havingClause?.[0];
    return {
      distinct: c.DISTINCT !== undefined,
      items: c.selectItem.map((i) => this.selectItem(i)),
      from: this.from(one(c.fromClause)),
      ...(where && { where: this.expression(one(where.children.expression)) }),
      ...(dedup && { dedup: this.dedup(dedup) }),
      quality: quality
        ? quality.children.qualityRule.map((r) => ({
            name: this.ident(one(r.children.name)),
            expr: this.expression(one(r.children.expression)),
          }))
        : [],
      groupBy: groupBy ? groupBy.children.expression.map((e) => this.expression(e)) : [],
      ...(having && { having: this.expression(one(having.children.expression)) }),
      span: nodeSpan(n),
    };
  }

  from(n: C.FromClauseCstNode): A.FromClause {
    const c = n.children;
    const span = nodeSpan(n);
    const connector = this.connector(one(c.connector));
    const pattern = c.StringLiteral?.[0];
    if (pattern) return { kind: 'pattern', connector, pattern: unquote(pattern.image, "'"), patternSpan: tokenSpan(pattern), span };
    return { kind: 'names', connector, names: (c.name ?? []).map((x) => this.ident(x)), span };
  }

  dedup(n: C.DedupClauseCstNode): A.DedupClause {
    const str = one(n.children.StringLiteral);
    const text = unquote(str.image, "'");
    const withinMs = parseInterval(text);
    if (withinMs === undefined || withinMs <= 0) {
      this.diagnostics.push(diag('BadInterval', tokenSpan(str), [text], "Write a duration such as '1 hour'."));
    }
    return { keys: this.nameList(one(n.children.nameList)), withinMs: withinMs ?? 0, span: nodeSpan(n) };
  }

  selectItem(n: C.SelectItemCstNode): A.SelectItem {
    const e = n.children.expression?.[0];
    const alias = n.children.name?.[0];
    return { expr: e ? this.expression(e) : 'star', ...(alias && { alias: this.ident(alias) }), span: nodeSpan(n) };
  }

  into(n: C.IntoClauseCstNode): A.IntoClause {
    const c = n.children;
    const key = c.nameList?.[0];
    const mode = c.modeClause?.[0];
    const trig = c.trigger?.[0];
    const withOptions = c.withOptions?.[0];
    return {
      ...this.sinkRef(one(c.sinkTarget)),
      ...(mode && { mode: this.mode(mode) }),
      ...(key && { key: this.nameList(key) }),
      routes: (c.routeClause ?? []).map((r) => ({
        route: r.children.FAILED ? 'failed' : r.children.DEAD ? 'deadLetters' : 'late',
        to: this.sinkRef(one(r.children.sinkTarget)),
        span: nodeSpan(r),
      })),
      ...(trig && { trigger: this.trigger(trig) }),
      options: withOptions ? this.options(withOptions) : [],
    };
  }

  sinkRef(n: C.SinkTargetCstNode): A.SinkRef {
    const c = n.children;
    const connector = c.connector?.[0];
    const { name, span } = connector ? this.connector(connector) : { name: 'console', span: tokenSpan(one(c.CONSOLE)) };
    const target = c.qualifiedName?.[0];
    return { sink: name, sinkSpan: span, ...(target && { target: this.qualifiedName(target) }) };
  }

  /** Parts joined with '.', the span covering them all: the sinks split `schema.table` themselves. */
  qualifiedName(n: C.QualifiedNameCstNode): A.Ident {
    const parts = n.children.name.map((x) => this.ident(x));
    return { name: parts.map((p) => p.name).join('.'), span: nodeSpan(n) };
  }

  trigger(n: C.TriggerCstNode): A.Trigger {
    const c = n.children;
    const span = nodeSpan(n);
    const every = c.StringLiteral?.[0];
    if (every) {
      const text = unquote(every.image, "'");
      const millis = parseInterval(text);
      if (millis === undefined || millis <= 0) {
        this.diagnostics.push(diag('BadInterval', tokenSpan(every), [text], "Write a duration such as '10 seconds'."));
      }
      return { kind: 'every', millis: millis ?? 1000, span };
    }
    if (c.ONCE) return { kind: 'once', span };
    if (c.AVAILABLE) return { kind: 'availableNow', span };
    return { kind: 'continuous', span };
  }

  ident(n: C.NameCstNode): A.Ident {
    const c = n.children;
    const quoted = c.QuotedIdentifier?.[0];
    const t = quoted ?? one(c.Identifier, c.NonReserved);
    return { name: quoted ? unquote(t.image, '"') : t.image.toLowerCase(), span: tokenSpan(t) };
  }

  literal(n: C.LiteralCstNode): A.Literal {
    const c = n.children;
    const t = one(c.NumberLiteral, c.StringLiteral, c.TRUE, c.FALSE, c.NULL);
    const span = tokenSpan(t);
    if (c.NumberLiteral) return { kind: 'Literal', value: Number(t.image), span };
    if (c.StringLiteral) return { kind: 'Literal', value: unquote(t.image, "'"), span };
    if (c.TRUE) return { kind: 'Literal', value: true, span };
    if (c.FALSE) return { kind: 'Literal', value: false, span };
    return { kind: 'Literal', value: null, span };
  }

  expression(n: C.ExpressionCstNode): A.Expr {
    const c = n.children;
    const operands = c.andExpression.map((x) => this.andExpression(x));
    return this.chain(
      operands,
      operands.slice(1).map(() => 'OR'),
    );
  }

  private andExpression(n: C.AndExpressionCstNode): A.Expr {
    const operands = n.children.notExpression.map((x) => this.notExpression(x));
    return this.chain(
      operands,
      operands.slice(1).map(() => 'AND'),
    );
  }

  private notExpression(n: C.NotExpressionCstNode): A.Expr {
    const inner = n.children.notExpression?.[0];
    if (inner) return { kind: 'UnaryExpr', op: 'NOT', operand: this.notExpression(inner), span: nodeSpan(n) };
    return this.predicate(one(n.children.predicate));
  }

  private additive(n: C.AdditiveCstNode): A.Expr {
    const c = n.children;
    const ops = operatorsInOrder([
      [c.Plus, '+'],
      [c.Minus, '-'],
      [c.Concat, '||'],
    ]);
    return this.chain(
      c.multiplicative.map((x) => this.multiplicative(x)),
      ops,
    );
  }

  private multiplicative(n: C.MultiplicativeCstNode): A.Expr {
    const c = n.children;
    const ops = operatorsInOrder([
      [c.Star, '*'],
      [c.Slash, '/'],
      [c.Percent, '%'],
    ]);
    return this.chain(
      c.unary.map((x) => this.unary(x)),
      ops,
    );
  }

  private unary(n: C.UnaryCstNode): A.Expr {
    const c = n.children;
    const inner = c.unary?.[0];
    if (!inner) return this.primary(one(c.primary));
    const operand = this.unary(inner);
    return c.Minus ? { kind: 'UnaryExpr', op: '-', operand, span: nodeSpan(n) } : operand;
  }

  /** A left-associative chain `a op b op c`: `ops[i]` stands between `operands[i]` and `operands[i + 1]`. */
  private chain(operands: A.Expr[], ops: A.BinaryOp[]): A.Expr {
    let acc = operands[0]!;
    for (let i = 1; i < operands.length; i++) {
      const right = operands[i]!;
      const span = { ...acc.span, length: right.span.offset + right.span.length - acc.span.offset };
      acc = { kind: 'BinaryExpr', op: ops[i - 1]!, left: acc, right, span };
    }
    return acc;
  }

  private predicate(n: C.PredicateCstNode): A.Expr {
    const c = n.children;
    const operands = c.additive.map((x) => this.additive(x));
    const left = operands[0]!;
    const span = nodeSpan(n);
    const negated = c.NOT !== undefined;
    const cmp = c.comparisonOperator?.[0];
    if (cmp) return { kind: 'BinaryExpr', op: this.comparison(cmp), left, right: operands[1]!, span };
    if (c.IS) return { kind: 'IsNullExpr', operand: left, negated, span };
    if (c.IN) return { kind: 'InExpr', operand: left, list: operands.slice(1), negated, span };
    if (c.BETWEEN) return { kind: 'BetweenExpr', operand: left, low: operands[1]!, high: operands[2]!, negated, span };
    if (c.LIKE) return { kind: 'LikeExpr', operand: left, pattern: operands[1]!, negated, span };
    if (c.RLIKE) {
      // Spark's RLIKE is its regexp_like: one function, so one implementation and one pattern check.
      const call: A.Expr = {
        kind: 'FunctionCall',
        name: 'regexp_like',
        args: [left, operands[1]!],
        star: false,
        distinct: false,
        nameSpan: tokenSpan(c.RLIKE[0]!),
        span,
      };
      return negated ? { kind: 'UnaryExpr', op: 'NOT', operand: call, span } : call;
    }
    return left;
  }

  private comparison(n: C.ComparisonOperatorCstNode): A.BinaryOp {
    const c = n.children;
    if (c.Equals) return '=';
    if (c.NotEquals) return '<>';
    if (c.LessEquals) return '<=';
    if (c.GreaterEquals) return '>=';
    if (c.Less) return '<';
    return '>';
  }

  private primary(n: C.PrimaryCstNode): A.Expr {
    const c = n.children;
    const lit = c.literal?.[0];
    if (lit) return this.literal(lit);
    const interval = c.intervalLiteral?.[0];
    if (interval) return this.interval(interval);
    const caseExpr = c.caseExpression?.[0];
    if (caseExpr) return this.caseExpr(caseExpr);
    const cast = c.castExpression?.[0];
    if (cast) {
      const operand = this.expression(one(cast.children.expression));
      return { kind: 'CastExpr', operand, type: this.typeRef(one(cast.children.typeName)), span: nodeSpan(cast) };
    }
    const call = c.nameOrCall?.[0];
    if (call) return this.nameOrCall(call);
    return this.expression(one(c.expression));
  }

  private interval(n: C.IntervalLiteralCstNode): A.IntervalLit {
    const str = one(n.children.StringLiteral);
    const unit = n.children.Identifier?.[0];
    const text = unquote(str.image, "'");
    const millis = parseInterval(text, unit?.image);
    const span = nodeSpan(n);
    if (millis === undefined) {
      this.diagnostics.push(
        diag('BadInterval', span, [unit ? `${text} ${unit.image}` : text], "Write INTERVAL '30' SECOND or INTERVAL '5 minutes'."),
      );
    }
    return { kind: 'IntervalLit', text: unit ? `${text} ${unit.image.toLowerCase()}` : text, millis: millis ?? 0, span };
  }

  private caseExpr(n: C.CaseExpressionCstNode): A.CaseExpr {
    const c = n.children;
    const exprs = c.expression;
    const whens = c.WHEN;
    const hasOperand = exprs.length > 0 && whens.length > 0 && exprs[0]!.location!.startOffset < whens[0]!.startOffset;
    const rest = hasOperand ? exprs.slice(1) : exprs;
    const branches = whens.map((_, i) => ({ when: this.expression(rest[2 * i]!), then: this.expression(rest[2 * i + 1]!) }));
    const otherwise = c.ELSE ? rest[2 * whens.length] : undefined;
    return {
      kind: 'CaseExpr',
      ...(hasOperand && { operand: this.expression(exprs[0]!) }),
      branches,
      ...(otherwise && { otherwise: this.expression(otherwise) }),
      span: nodeSpan(n),
    };
  }

  private nameOrCall(n: C.NameOrCallCstNode): A.Expr {
    const c = n.children;
    const names = c.name.map((x) => this.ident(x));
    const first = names[0]!;
    const span = nodeSpan(n);
    if (c.LParen) {
      return {
        kind: 'FunctionCall',
        name: first.name.toLowerCase(),
        args: (c.expression ?? []).map((x) => this.expression(x)),
        star: c.Star !== undefined,
        distinct: c.DISTINCT !== undefined,
        nameSpan: first.span,
        span,
      };
    }
    const second = names[1] ?? (c.END && { name: 'end', span: tokenSpan(c.END[0]!) });
    return second ? { kind: 'ColumnRef', qualifier: first.name, name: second.name, span } : { kind: 'ColumnRef', name: first.name, span };
  }
}
