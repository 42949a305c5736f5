import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { parseInterval } from '../ast/interval.js';
import { TIMESTAMP, UNKNOWN } from '../../core/SqlType.js';
import type { Column, Schema } from '../../core/Schema.js';
import { isNullable } from '../../expr/nullability.js';
import type { AggregateCall, NamedExpr, WindowSpec } from '../../core/specs.js';
import type { Aggregation } from './AnalyzedQuery.js';
import { formatExpr, type BoundExpr } from '../../core/BoundExpr.js';
import { bindExpr, type Scope } from './bindExpr.js';
import { FUNCTIONS } from '../../expr/functions/builtins.js';
import type { AggregateFn } from '../../core/specs.js';

export function isWindowCall(e: A.Expr): e is A.FunctionCall {
  return e.kind === 'FunctionCall' && FUNCTIONS.window(e.name) !== undefined;
}

function isAggregateCall(e: A.Expr): e is A.FunctionCall {
  return e.kind === 'FunctionCall' && FUNCTIONS.aggregate(e.name) !== undefined;
}

export function containsAggregate(e: A.Expr): boolean {
  if (e.kind === 'FunctionCall') {
    const kind = FUNCTIONS.get(e.name)?.kind;
    return kind === 'aggregate' || kind === 'window' || e.args.some(containsAggregate);
  }
  return childrenOf(e).some(containsAggregate);
}

function childrenOf(e: A.Expr): A.Expr[] {
  switch (e.kind) {
    case 'ColumnRef':
    case 'Literal':
    case 'IntervalLit':
      return [];
    case 'UnaryExpr':
    case 'IsNullExpr':
    case 'CastExpr':
      return [e.operand];
    case 'BinaryExpr':
      return [e.left, e.right];
    case 'FunctionCall':
      return [...e.args];
    case 'InExpr':
      return [e.operand, ...e.list];
    case 'BetweenExpr':
      return [e.operand, e.low, e.high];
    case 'LikeExpr':
      return [e.operand, e.pattern];
    case 'CaseExpr':
      return [...(e.operand ? [e.operand] : []), ...e.branches.flatMap((b) => [b.when, b.then]), ...(e.otherwise ? [e.otherwise] : [])];
  }
}

/**
 * The aggregate part of a query: its window, group keys and aggregate calls, and
 * a binder for select items and HAVING that turns aggregates, group keys and the
 * window into columns of the aggregate's output.
 */
export class AggregationBuilder {
  window?: WindowSpec;
  private windowText?: string;
  readonly groupBy: NamedExpr[] = [];
  readonly aggregates: AggregateCall[] = [];

  /**
   * `window` is the alias of a select-list `window(…) AS w`, Spark's struct
   * column: `w.start` and `w.end` read the window's bounds.
   */
  constructor(
    private readonly scope: Scope,
    private readonly out: Diagnostic[],
    private readonly windowAlias?: string,
  ) {}

  /** Whether the query calls window()/session(), even one too malformed to become `window` (already reported). */
  get hasWindowCall(): boolean {
    return this.windowText !== undefined;
  }

  /** Registers the GROUP BY items; a window call there sets the window. */
  addGroupBy(items: readonly A.Expr[]): void {
    for (const g of items) {
      if (isWindowCall(g)) {
        this.setWindow(g);
        continue;
      }
      const bound = bindExpr(g, this.scope, this.out);
      const name = bound.kind === 'column' ? bound.name : `key_${this.groupBy.length + 1}`;
      if (!this.groupBy.some((k) => formatExpr(k.expr) === formatExpr(bound))) this.groupBy.push({ name, expr: bound });
    }
  }

  setWindow(call: A.FunctionCall): void {
    const text = `${call.name}(${call.args.map((a) => JSON.stringify(a.kind === 'ColumnRef' ? a.name : a.kind === 'Literal' ? a.value : a.span.offset)).join(',')})`;
    if (this.windowText !== undefined) {
      if (this.windowText !== text) this.out.push(diag('MultipleWindows', call.span));
      return;
    }
    this.windowText = text;
    const spec = this.readWindow(call);
    if (spec) this.window = spec;
  }

  private readWindow(call: A.FunctionCall): WindowSpec | undefined {
    const [timeArg, ...durations] = call.args;
    const def = FUNCTIONS.window(call.name)!;
    if (!timeArg || durations.length < 1 || call.args.length > def.maxArgs) {
      this.out.push(diag('WrongArgumentCount', call.span, [call.name, def.expects, call.args.length]));
      return undefined;
    }
    const time = bindExpr(timeArg, this.scope, this.out);
    if (time.kind !== 'column' || (time.type.kind !== 'TIMESTAMP' && time.type.kind !== 'UNKNOWN')) {
      this.out.push(
        diag(
          'TypeMismatch',
          timeArg.span,
          [`${call.name}()`, 'a TIMESTAMP column', time.kind === 'column' ? time.type.kind : 'an expression'],
          'Declare the column as TIMESTAMP in CREATE STREAM.',
        ),
      );
      return undefined;
    }
    const millis = durations.map((d) => {
      const ms =
        d.kind === 'Literal' && typeof d.value === 'string' ? parseInterval(d.value) : d.kind === 'IntervalLit' ? d.millis : undefined;
      if (ms === undefined || ms <= 0)
        this.out.push(
          diag('BadInterval', d.span, [d.kind === 'Literal' ? String(d.value) : 'this'], "Write a duration such as '5 minutes'."),
        );
      return ms;
    });
    if (millis.some((m) => m === undefined || m <= 0)) return undefined;
    const [size, slide] = millis as number[];
    if (call.name === 'session') return { kind: 'session', timeColumn: time.name, sizeMs: size! };
    if (slide === undefined || slide === size) return { kind: 'tumbling', timeColumn: time.name, sizeMs: size! };
    if (slide > size!) {
      this.out.push(
        diag('BadInterval', durations[1]!.span, ['a slide longer than the window'], 'The slide must not exceed the window size.'),
      );
      return undefined;
    }
    return { kind: 'sliding', timeColumn: time.name, sizeMs: size!, slideMs: slide };
  }

  /** Binds an expression over the aggregate's output; `alias` names the aggregate when the item is one. */
  bindOutput(e: A.Expr, alias?: string): BoundExpr {
    return bindExpr(e, this.scope, this.out, (node) => this.rewrite(node, node === e ? alias : undefined));
  }

  private rewrite(node: A.Expr, alias: string | undefined): BoundExpr | undefined {
    if (isWindowCall(node)) {
      this.setWindow(node);
      return { kind: 'column', name: 'window_start', type: TIMESTAMP };
    }
    if (node.kind === 'ColumnRef' && node.qualifier !== undefined && node.qualifier === this.windowAlias) return this.windowBound(node);
    if (isAggregateCall(node)) return this.aggregate(node, alias);
    if (containsAggregate(node)) return undefined;
    const speculative: Diagnostic[] = [];
    const bound = bindExpr(node, this.scope, speculative);
    const key = this.groupBy.find((k) => formatExpr(k.expr) === formatExpr(bound));
    if (key) return { kind: 'column', name: key.name, type: key.expr.type };
    if (node.kind === 'ColumnRef') {
      if (speculative.length > 0) this.out.push(...speculative);
      else
        this.out.push(diag('NotGrouped', node.span, [node.name], `Add ${node.name} to GROUP BY, or aggregate it, e.g. max(${node.name}).`));
      return { kind: 'column', name: node.name, type: UNKNOWN };
    }
    return undefined;
  }

  private windowBound(ref: A.ColumnRef): BoundExpr {
    if (ref.name === 'start' || ref.name === 'end') return { kind: 'column', name: `window_${ref.name}`, type: TIMESTAMP };
    this.out.push(diag('UnknownColumn', ref.span, [ref.name, `window ${ref.qualifier}`], 'A window has start and end.'));
    return { kind: 'column', name: ref.name, type: UNKNOWN };
  }

  private aggregate(call: A.FunctionCall, alias: string | undefined): BoundExpr {
    const fn = call.name as AggregateFn;
    const def = FUNCTIONS.aggregate(fn)!;
    if (call.args.some(containsAggregate)) {
      // Not binding the argument: the inner aggregate would also be reported, as one "in WHERE".
      this.out.push(diag('NestedAggregate', call.span));
      return { kind: 'literal', value: null, type: UNKNOWN };
    }
    const arity = call.star ? 0 : call.args.length;
    if ((call.star && !def.star) || (!call.star && arity !== 1)) {
      this.out.push(diag('WrongArgumentCount', call.span, [fn, def.star ? 'one argument or *' : 'one argument', arity]));
      return { kind: 'literal', value: null, type: UNKNOWN };
    }
    const arg = call.star ? undefined : bindExpr(call.args[0]!, this.scope, this.out);
    const type = arg?.type.kind === 'UNKNOWN' ? UNKNOWN : def.returns(arg?.type);
    if (typeof type === 'string') {
      this.out.push(diag('TypeMismatch', call.args[0]!.span, [`${fn}()`, type, arg!.type.kind]));
      return { kind: 'literal', value: null, type: UNKNOWN };
    }
    const distinct = call.distinct;
    const same = this.aggregates.find(
      (a) => a.fn === fn && a.distinct === distinct && (a.arg && arg ? formatExpr(a.arg) === formatExpr(arg) : a.arg === arg),
    );
    if (same) return { kind: 'column', name: same.name, type };
    const base = alias ?? (arg ? `${fn}_${arg.kind === 'column' ? arg.name : this.aggregates.length + 1}` : fn);
    const name = this.uniqueName(base);
    this.aggregates.push({ name, fn, ...(arg && { arg }), distinct });
    return { kind: 'column', name, type };
  }

  private uniqueName(base: string): string {
    const taken = new Set([...this.groupBy.map((k) => k.name), ...this.aggregates.map((a) => a.name)]);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    return name;
  }

  /** `input`: the rows the aggregate reads (after WHERE), whose nullability its keys keep. */
  private outputColumns(input: Schema): Column[] {
    return [
      ...this.groupBy.map((k) => ({ name: k.name, type: k.expr.type, nullable: isNullable(k.expr, input) })),
      ...(this.window
        ? [
            { name: 'window_start', type: TIMESTAMP, nullable: false },
            { name: 'window_end', type: TIMESTAMP, nullable: false },
          ]
        : []),
      ...this.aggregates.map((a) => ({ name: a.name, type: aggregateTypeOf(a), nullable: FUNCTIONS.aggregate(a.fn)!.nullable })),
    ];
  }

  build(input: Schema, having?: BoundExpr): Aggregation {
    return {
      ...(this.window && { window: this.window }),
      groupBy: this.groupBy,
      aggregates: this.aggregates,
      ...(having && { having }),
      schema: this.outputColumns(input),
    };
  }
}

function aggregateTypeOf(a: AggregateCall) {
  const t = FUNCTIONS.aggregate(a.fn)!.returns(a.arg?.type);
  return typeof t === 'string' ? UNKNOWN : t;
}
