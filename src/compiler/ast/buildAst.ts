import type { CstElement, CstNode, IToken } from 'chevrotain';
import { diag } from '../diagnostics/messages.js';
import type { Diagnostic, Span } from '../diagnostics/Diagnostic.js';
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
    const create = node(n, 'createStream');
    if (create) return this.createStream(create);
    const explain = node(n, 'explainStatement');
    if (explain) return { kind: 'ExplainStmt', query: this.selectQuery(need(explain, 'selectQuery')), span: nodeSpan(explain) };
    return this.selectQuery(need(n, 'selectQuery'));
  }

  createStream(n: CstNode): A.CreateStreamStmt {
    const wm = node(n, 'watermarkDef');
    const withOptions = node(n, 'withOptions');
    return {
      kind: 'CreateStreamStmt',
      name: this.ident(need(n, 'name')),
      columns: nodes(n, 'columnDef').map((c) => ({
        name: this.ident(need(c, 'name')),
        type: this.typeRef(need(c, 'typeName')),
        notNull: token(c, 'NOT') !== undefined,
      })),
      ...(wm && {
        watermark: { column: this.ident(need(wm, 'name')), expr: this.expr(need(wm, 'expression')), span: nodeSpan(wm) },
      }),
      options: withOptions ? this.options(withOptions) : [],
      span: nodeSpan(n),
    };
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
    const exprs = nodes(n, 'expression');
    const whereTok = token(n, 'WHERE');
    const groupTok = token(n, 'GROUP');
    const havingTok = token(n, 'HAVING');
    // The three optional clauses share the `expression` children; their
    // keywords' offsets say which expression belongs to which clause.
    const after = (t: IToken | undefined, end: IToken | undefined) =>
      t ? exprs.filter((e) => e.location!.startOffset > t.startOffset && (!end || e.location!.startOffset < end.startOffset)) : [];
    const where = after(whereTok, groupTok ?? havingTok)[0];
    const groupBy = after(groupTok, havingTok);
    const having = after(havingTok, undefined)[0];
    return {
      kind: 'SelectStmt',
      distinct: token(n, 'DISTINCT') !== undefined,
      items: nodes(n, 'selectItem').map((i) => this.selectItem(i)),
      from: nodes(need(n, 'fromClause'), 'name').map((i) => this.ident(i)),
      ...(where && { where: this.expr(where) }),
      groupBy: groupBy.map((e) => this.expr(e)),
      ...(having && { having: this.expr(having) }),
      into: this.into(need(n, 'intoClause')),
      span: nodeSpan(n),
    };
  }

  selectItem(n: CstNode): A.SelectItem {
    const e = node(n, 'expression');
    const alias = node(n, 'name');
    return { expr: e ? this.expr(e) : 'star', ...(alias && { alias: this.ident(alias) }), span: nodeSpan(n) };
  }

  into(n: CstNode): A.IntoClause {
    const sinkTok = token(n, 'ORACLE') ?? token(n, 'POSTGRES') ?? token(n, 'CONSOLE');
    if (!sinkTok) throw new Error('internal: INTO without a sink kind');
    const names = nodes(n, 'name');
    const keyTok = token(n, 'KEY');
    const target = names.find((x) => !keyTok || x.location!.startOffset < keyTok.startOffset);
    const modeTok = token(n, 'APPEND') ?? token(n, 'UPDATE') ?? token(n, 'COMPLETE');
    const trig = node(n, 'trigger');
    const withOptions = node(n, 'withOptions');
    return {
      sink: sinkTok.image.toLowerCase() as A.SinkKind,
      sinkSpan: tokenSpan(sinkTok),
      ...(target && { target: this.ident(target) }),
      ...(modeTok && { mode: { value: modeTok.image.toLowerCase() as A.WriteMode, span: tokenSpan(modeTok) } }),
      ...(keyTok && { key: names.filter((x) => x !== target).map((x) => this.ident(x)) }),
      ...(trig && { trigger: this.trigger(trig) }),
      options: withOptions ? this.options(withOptions) : [],
    };
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
