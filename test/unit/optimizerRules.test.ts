import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NamedExpr } from '../../src/core/specs.js';
import type { BoundExpr } from '../../src/core/BoundExpr.js';
import type { SqlType } from '../../src/core/SqlType.js';
import { compile, type CompiledQuery } from '../../src/compile.js';
import { explain, explainQuery } from '../../src/explain.js';
import { displayLogical } from '../../src/plan/logical/displayLogical.js';
import { inputsOf, type FilterNode, type LogicalPlan, type ProjectionNode, type SinkNode } from '../../src/plan/logical/LogicalPlan.js';
import { lowerPlan } from '../../src/plan/physical/lowerPlan.js';
import { constantFolding, foldExpr } from '../../src/plan/optimizer/constantFolding.js';
import { mergeFilters } from '../../src/plan/optimizer/mergeFilters.js';
import { optimize } from '../../src/plan/optimizer/optimize.js';
import type { OptimizerRule } from '../../src/plan/optimizer/OptimizerRule.js';
import { pushDownFilter } from '../../src/plan/optimizer/pushDownFilter.js';
import { buildOperators } from '../../src/runtime/buildOperators.js';
import type { BatchContext } from '../../src/runtime/exec/Operator.js';
import type { Row } from '../../src/core/Schema.js';
import { BUILTIN_CONNECTORS } from '../../src/connectors/registry.js';

// ---- building plans and expressions by hand ----

const T = (kind: SqlType['kind']): SqlType => ({ kind });
const col = (name: string, type: SqlType['kind'] = 'INT'): BoundExpr => ({ kind: 'column', name, type: T(type) });
const lit = (
  value: string | number | boolean | null,
  type: SqlType['kind'] = value === null
    ? 'UNKNOWN'
    : typeof value === 'string'
      ? 'STRING'
      : typeof value === 'boolean'
        ? 'BOOLEAN'
        : 'INT',
): BoundExpr => ({
  kind: 'literal',
  value,
  type: T(type),
});
const call = (fn: string, type: SqlType['kind'], ...args: BoundExpr[]): BoundExpr => ({ kind: 'call', fn, args, type: T(type) });
const and = (a: BoundExpr, b: BoundExpr) => call('and', 'BOOLEAN', a, b);
const or = (a: BoundExpr, b: BoundExpr) => call('or', 'BOOLEAN', a, b);
const cmp = (op: string, a: BoundExpr, b: BoundExpr) => call(op, 'BOOLEAN', a, b);

function compileOne(text: string): CompiledQuery {
  const r = compile(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.queries[r.queries.length - 1]!;
}

/** The scan of `CREATE STREAM s (k STRING, x INT, flag BOOLEAN, ts TIMESTAMP)`, without a watermark. */
function scanOfS(): LogicalPlan {
  let n: LogicalPlan = compileOne(
    'CREATE STREAM s (k STRING, x INT, flag BOOLEAN, ts TIMESTAMP);\nSELECT * FROM KAFKA s INTO CONSOLE',
  ).logical;
  while (n.kind !== 'StreamScan') n = inputsOf(n)[0]!;
  return n;
}

const filter = (input: LogicalPlan, predicate: BoundExpr): FilterNode => ({ kind: 'Filter', input, predicate, schema: input.schema });

function projection(input: LogicalPlan, exprs: NamedExpr[]): ProjectionNode {
  return { kind: 'Projection', input, exprs, schema: exprs.map((e) => ({ name: e.name, type: e.expr.type, nullable: true })) };
}

/** A console sink over `input`, built from a compiled one so that it has every field a sink has. */
function sink(input: LogicalPlan, mode: 'append' | 'update' | 'complete' = 'append'): SinkNode {
  const base = compileOne('SELECT a FROM KAFKA s INTO CONSOLE').logical;
  return { ...base, input, schema: input.schema, target: { ...base.target, mode, key: [] } };
}

/** A source record by field name; `run` lays it out in the order the plan's scan decodes. */
type Rec = Record<string, unknown>;

/** Runs the plan's operators (the real runtime ones) over one batch of source records. */
function run(plan: LogicalPlan, records: Rec[]): Row[] {
  if (plan.kind !== 'Sink') throw new Error('run needs a sink at the root');
  let scan: LogicalPlan = plan;
  while (inputsOf(scan).length > 0) scan = inputsOf(scan)[0]!;
  const { operators } = buildOperators(lowerPlan(plan, BUILTIN_CONNECTORS).plan);
  const ctx: BatchContext = {
    watermark: -Infinity,
    nextWatermark: -Infinity,
    sourcePartitions: records.map(() => 'topic/0'),
    pendingPartitions: new Set(),
    lateRows: 0,
  };
  let batch: Row[] = records.map((r) => scan.schema.map((c) => r[c.name] ?? null));
  for (const op of operators) batch = op.process(batch, ctx);
  return batch;
}

/** Records of stream s. */
const ROWS: Rec[] = [
  { k: 'a', x: 1, flag: true, ts: 1000 },
  { k: 'a', x: 5, flag: false, ts: 2000 },
  { k: 'b', x: 3, flag: null, ts: 3000 },
  { k: 'b', x: null, flag: true, ts: 4000 },
  { k: 'test', x: 7, flag: true, ts: 5000 },
  { k: null, x: 2, flag: true, ts: 6000 },
  { k: 'c', x: 0, flag: false, ts: 7000 },
];

const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

/**
 * Rewrites with the rules at every node until nothing changes, and checks that
 * the rows out are unchanged (and, unless the plan keeps nothing, that there are some).
 */
function rewriteAndCheck(plan: SinkNode, rules: OptimizerRule[], rows: Rec[] = ROWS, keepsNothing = false): LogicalPlan {
  const { plan: after } = optimize(plan, rules);
  const expected = run(plan, rows);
  expect(expected.length > 0).toBe(!keepsNothing);
  expect(sorted(run(after, rows))).toEqual(sorted(expected));
  return after;
}

/** The plan text a line each; the scan's details (the scan is not what these rules change) cut to its name. */
const lines = (p: LogicalPlan) =>
  displayLogical(p)
    .replace(/KafkaScan: .*/g, 'KafkaScan')
    .split('\n');

// ---- constant_folding ----

describe('constant_folding', () => {
  it('folds calls whose arguments are all literals, keeping the type of the call', () => {
    const q = compileOne(
      "CREATE STREAM s (k STRING, x INT);\nSELECT 1 + 2 AS a, 'a' || 'b' AS b, upper('x') AS c, CAST('5' AS INT) AS d, NOT TRUE AS e, x * (2 + 3) AS f, 7 / 2 AS g FROM KAFKA s INTO CONSOLE",
    );
    const { plan } = optimize(q.logical, [constantFolding]);
    expect(lines(plan)[1]).toBe("02)--Projection: 3 AS a, 'ab' AS b, 'X' AS c, 5 AS d, false AS e, x * 5 AS f, 3.5 AS g");
    const exprs = (plan.kind === 'Sink' && plan.input.kind === 'Projection' && plan.input.exprs) || [];
    const before = (q.logical.input as ProjectionNode).exprs;
    // Each folded literal has exactly the type the expression had.
    expect(exprs.map((e) => e.expr.type)).toEqual(before.map((e) => e.expr.type));
    expect(exprs.map((e) => e.expr.kind)).toEqual(['literal', 'literal', 'literal', 'literal', 'literal', 'call', 'literal']);
  });

  it('uses the runtime semantics: division by zero and a failed CAST are NULL', () => {
    expect(foldExpr(call('/', 'DOUBLE', lit(1), lit(0)))).toEqual(lit(null, 'DOUBLE'));
    expect(foldExpr(call('cast', 'INT', lit('five')))).toEqual(lit(null, 'INT'));
    expect(foldExpr(call('+', 'INT', lit(null), lit(1)))).toEqual(lit(null, 'INT'));
    expect(foldExpr(call('coalesce', 'STRING', lit(null), lit('z')))).toEqual(lit('z'));
    expect(foldExpr(call('cast', 'DATE', lit('2024-03-05T10:00:00Z')))).toEqual(lit('2024-03-05', 'DATE'));
  });

  it('follows three-valued logic when every operand is a literal', () => {
    const N = lit(null);
    const cases: [BoundExpr, boolean | null][] = [
      [and(N, lit(false)), false],
      [and(lit(false), N), false],
      [and(N, lit(true)), null],
      [or(N, lit(true)), true],
      [or(N, lit(false)), null],
      [call('not', 'BOOLEAN', N), null],
      [call('not', 'BOOLEAN', lit(true)), false],
      [call('in', 'BOOLEAN', lit(1), lit(2), N), null],
    ];
    for (const [e, value] of cases) expect(foldExpr(e), JSON.stringify(e)).toEqual(lit(value, 'BOOLEAN'));
  });

  it('simplifies AND/OR with one literal operand', () => {
    const x = cmp('>', col('x'), lit(1));
    expect(foldExpr(and(x, lit(true)))).toBe(x);
    expect(foldExpr(and(lit(true), x))).toBe(x);
    expect(foldExpr(or(x, lit(false)))).toBe(x);
    expect(foldExpr(and(x, lit(false)))).toEqual(lit(false));
    expect(foldExpr(or(lit(true), x))).toEqual(lit(true));
    // NULL decides nothing: x AND NULL is FALSE or NULL depending on x.
    expect(foldExpr(and(x, lit(null)))).toEqual(and(x, lit(null)));
    // Nested: NOT (x AND FALSE) is TRUE.
    expect(foldExpr(call('not', 'BOOLEAN', and(x, lit(false))))).toEqual(lit(true));
  });

  it('keeps `x AND TRUE` when x is not BOOLEAN: AND would turn a non-boolean value into TRUE, x alone would not', () => {
    const s = col('k', 'STRING');
    expect(foldExpr(and(s, lit(true)))).toEqual(and(s, lit(true)));
  });

  it('never folds now(), but folds the constant parts around it', () => {
    const e = cmp('>', call('now', 'TIMESTAMP'), call('cast', 'TIMESTAMP', lit('2020-01-01T00:00:00Z')));
    expect(foldExpr(e)).toEqual(cmp('>', call('now', 'TIMESTAMP'), lit(Date.UTC(2020, 0, 1), 'TIMESTAMP')));
    expect(foldExpr(call('+', 'TIMESTAMP', call('now', 'TIMESTAMP'), lit(1000, 'INTERVAL')))).toEqual(
      call('+', 'TIMESTAMP', call('now', 'TIMESTAMP'), lit(1000, 'INTERVAL')),
    );
  });

  it('removes a filter whose predicate folds to TRUE, keeps one that folds to FALSE or NULL', () => {
    const scan = scanOfS();
    const x = cmp('>', col('x'), lit(1));
    const gone = rewriteAndCheck(sink(filter(scan, or(x, cmp('=', lit(1), lit(1))))), [constantFolding]);
    expect(lines(gone).slice(1)).toEqual(['02)--KafkaScan']);

    const never = rewriteAndCheck(sink(filter(scan, and(x, cmp('=', lit(1), lit(2))))), [constantFolding], ROWS, true);
    expect(lines(never)[1]).toBe('02)--Filter: false');
    expect(run(never, ROWS)).toEqual([]);

    const unknown = rewriteAndCheck(sink(filter(scan, and(lit(null), lit(true)))), [constantFolding], ROWS, true);
    expect(lines(unknown)[1]).toBe('02)--Filter: NULL');
  });

  it('folds group keys and aggregate arguments', () => {
    const q = compileOne(
      "SELECT k, upper('a') AS tag, sum(x * (1 + 1)) AS s FROM KAFKA t GROUP BY k, upper('a') INTO CONSOLE MODE UPDATE KEY (k, tag)",
    );
    const { plan } = optimize(q.logical, [constantFolding]);
    expect(displayLogical(plan)).toContain("Aggregate: groupBy=[k, 'A' AS key_2] aggr=[sum(x * 2) AS s]");
  });

  it('gives the same rows as before, and a second pass changes nothing', () => {
    const scan = scanOfS();
    const plan = sink(
      projection(filter(scan, and(cmp('>=', col('x'), call('+', 'INT', lit(1), lit(1))), or(col('flag', 'BOOLEAN'), lit(false)))), [
        { name: 'k', expr: call('||', 'STRING', col('k', 'STRING'), call('upper', 'STRING', lit('-x'))) },
        { name: 'y', expr: call('*', 'INT', col('x'), call('-', 'INT', lit(10), lit(7))) },
      ]),
    );
    const after = rewriteAndCheck(plan, [constantFolding]);
    expect(lines(after).slice(1, 3)).toEqual(["02)--Projection: k || '-X' AS k, x * 3 AS y", '03)----Filter: (x >= 2) AND flag']);
    expect(optimize(after, [constantFolding]).steps).toEqual([]);
  });
});

// ---- merge_filters ----

describe('merge_filters', () => {
  it('Filter(Filter(x, a), b) → Filter(x, a AND b)', () => {
    const scan = scanOfS();
    const a = cmp('>', col('x'), lit(1));
    const b = cmp('<>', col('k', 'STRING'), lit('test'));
    const after = rewriteAndCheck(sink(filter(filter(scan, a), b)), [mergeFilters]);
    expect(lines(after)[1]).toBe("02)--Filter: (x > 1) AND (k <> 'test')");
    expect(lines(after)[2]).toBe('03)----KafkaScan');
  });

  it('merges a chain of three into one', () => {
    const scan = scanOfS();
    const plan = sink(filter(filter(filter(scan, cmp('>', col('x'), lit(0))), col('flag', 'BOOLEAN')), cmp('<', col('x'), lit(7))));
    const after = rewriteAndCheck(plan, [mergeFilters]);
    expect(lines(after)[1]).toBe('02)--Filter: ((x > 0) AND flag) AND (x < 7)');
    expect(lines(after)).toHaveLength(3);
  });

  it('leaves filters whose predicate is not BOOLEAN apart: AND would treat a non-boolean value as TRUE', () => {
    const scan = scanOfS();
    const plan = sink(filter(filter(scan, col('k', 'STRING')), col('flag', 'BOOLEAN')));
    expect(mergeFilters.rewrite(plan.input)).toBeUndefined();
  });

  it('does nothing to a single filter', () => {
    expect(mergeFilters.rewrite(filter(scanOfS(), col('flag', 'BOOLEAN')))).toBeUndefined();
  });
});

// ---- push_down_filter ----

describe('push_down_filter', () => {
  it('moves a filter below a projection, with aliases replaced by their expressions', () => {
    const scan = scanOfS();
    const proj = projection(scan, [
      { name: 'name', expr: col('k', 'STRING') },
      { name: 'y', expr: call('+', 'INT', col('x'), lit(1)) },
    ]);
    const after = rewriteAndCheck(sink(filter(proj, and(cmp('>', col('y'), lit(2)), cmp('<>', col('name', 'STRING'), lit('test'))))), [
      pushDownFilter,
    ]);
    expect(lines(after).slice(1, 3)).toEqual(['02)--Projection: k AS name, x + 1 AS y', "03)----Filter: ((x + 1) > 2) AND (k <> 'test')"]);
  });

  it('leaves the conjunct that reads a non-deterministic column above the projection', () => {
    const scan = scanOfS();
    const proj = projection(scan, [
      { name: 'k', expr: col('k', 'STRING') },
      { name: 'seen', expr: call('now', 'TIMESTAMP') },
    ]);
    const plan = sink(filter(proj, and(cmp('>', col('seen', 'TIMESTAMP'), lit(0, 'TIMESTAMP')), cmp('=', col('k', 'STRING'), lit('a')))));
    const { plan: after } = optimize(plan, [pushDownFilter]);
    expect(lines(after).slice(1, 4)).toEqual(['02)--Filter: seen > 0', '03)----Projection: k, now() AS seen', "04)------Filter: k = 'a'"]);
  });

  it('keeps a non-deterministic condition where it was written', () => {
    const scan = scanOfS();
    const proj = projection(scan, [{ name: 'x', expr: col('x') }]);
    const plan = filter(proj, cmp('>', call('now', 'TIMESTAMP'), col('x')));
    expect(pushDownFilter.rewrite(plan)).toBeUndefined();
  });

  it('moves a HAVING condition on group keys below the aggregate; conditions on aggregates stay', () => {
    const q = compileOne(
      "CREATE STREAM s (k STRING, x INT, flag BOOLEAN, ts TIMESTAMP);\nSELECT k, sum(x) AS total FROM KAFKA s GROUP BY k HAVING k <> 'test' AND sum(x) > 2 INTO CONSOLE MODE UPDATE",
    );
    const after = rewriteAndCheck(q.logical, [pushDownFilter]);
    expect(lines(after).slice(1)).toEqual([
      '02)--Projection: k, total',
      '03)----Filter: total > 2',
      '04)------Aggregate: groupBy=[k] aggr=[sum(x) AS total]',
      "05)--------Filter: k <> 'test'",
      '06)----------KafkaScan',
    ]);
  });

  it('replaces a derived key by its expression', () => {
    const q = compileOne(
      "CREATE STREAM s (k STRING, x INT, flag BOOLEAN, ts TIMESTAMP);\nSELECT upper(k) AS kk, count(*) AS n FROM KAFKA s GROUP BY upper(k) HAVING upper(k) IN ('A', 'B') INTO CONSOLE MODE UPDATE KEY (kk)",
    );
    const after = rewriteAndCheck(q.logical, [pushDownFilter]);
    expect(lines(after).slice(1, 4)).toEqual([
      '02)--Projection: key_1 AS kk, n',
      '03)----Aggregate: groupBy=[upper(k) AS key_1] aggr=[count(*) AS n]',
      "04)------Filter: upper(k) IN ('A', 'B')",
    ]);
  });

  it('does not move conditions on window bounds, or ones mixing keys and aggregates', () => {
    const q = compileOne(
      "CREATE STREAM s (k STRING, x INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);\nSELECT k, window(ts, '1 minute'), count(*) AS n FROM KAFKA s GROUP BY k, window(ts, '1 minute') INTO CONSOLE MODE UPDATE",
    );
    let agg: LogicalPlan = q.logical;
    while (agg.kind !== 'Aggregate') agg = inputsOf(agg)[0]!;
    const onWindow = cmp('>', col('window_start', 'TIMESTAMP'), lit(0, 'TIMESTAMP'));
    const keyOrCount = or(cmp('=', col('k', 'STRING'), lit('a')), cmp('>', col('n', 'BIGINT'), lit(1)));
    expect(pushDownFilter.rewrite(filter(agg, onWindow))).toBeUndefined();
    expect(pushDownFilter.rewrite(filter(agg, keyOrCount))).toBeUndefined();
    const mixed = pushDownFilter.rewrite(filter(agg, and(and(onWindow, cmp('=', col('k', 'STRING'), lit('a'))), keyOrCount)))!;
    expect(lines(mixed)).toEqual([
      "01)Filter: (window_start > 0) AND ((k = 'a') OR (n > 1))",
      '02)--Aggregate: window=tumbling(ts, 1 minute) groupBy=[k] aggr=[count(*) AS n]',
      "03)----Filter: k = 'a'",
      '04)------Watermark: ts - 5 seconds',
      '05)--------KafkaScan',
    ]);
  });

  it('does not move a condition that reads no column below an aggregate without keys', () => {
    // A global aggregate emits a row even for no input; dropping its rows first would not remove it.
    const q = compileOne('CREATE STREAM s (k STRING, x INT);\nSELECT count(*) AS n FROM KAFKA s INTO CONSOLE MODE COMPLETE');
    const agg = (q.logical.input as ProjectionNode).input;
    expect(agg.kind).toBe('Aggregate');
    expect(pushDownFilter.rewrite(filter(agg, lit(false)))).toBeUndefined();
  });

  it('never moves a filter below a watermark or the scan', () => {
    const q = compileOne(
      "CREATE STREAM s (k STRING, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);\nSELECT k FROM KAFKA s WHERE k = 'a' INTO CONSOLE",
    );
    const where = (q.logical.input as ProjectionNode).input as FilterNode;
    expect(where.input.kind).toBe('Watermark');
    expect(pushDownFilter.rewrite(where)).toBeUndefined();
    expect(pushDownFilter.rewrite(filter(scanOfS(), cmp('=', col('k', 'STRING'), lit('a'))))).toBeUndefined();
  });

  it('a moved HAVING stops above the watermark, where merge_filters joins it with the WHERE', () => {
    const q = compileOne(
      "CREATE STREAM s (k STRING, x INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);\nSELECT k, window(ts, '1 minute'), sum(x) AS total FROM KAFKA s WHERE x > 0 GROUP BY k, window(ts, '1 minute') HAVING k <> 'test' INTO CONSOLE MODE UPDATE",
    );
    const after = rewriteAndCheck(q.logical, [pushDownFilter, mergeFilters]);
    expect(lines(after).slice(1)).toEqual([
      '02)--Projection: k, window_start, window_end, total',
      '03)----Aggregate: window=tumbling(ts, 1 minute) groupBy=[k] aggr=[sum(x) AS total]',
      "04)------Filter: (x > 0) AND (k <> 'test')",
      '05)--------Watermark: ts - 5 seconds',
      '06)----------KafkaScan',
    ]);
  });
});

// ---- the default rules together ----

describe('default rules', () => {
  const file = resolve(import.meta.dirname, '../../queries/optimizer_rules.ksql');

  it('EXPLAIN VERBOSE of queries/optimizer_rules.ksql shows each new rule changing the plan', () => {
    const text = explain(readFileSync(file, 'utf8'), { verbose: true }).text;
    for (const rule of ['constant_folding', 'push_down_filter', 'merge_filters']) expect(text).toContain(`== After ${rule} ==`);
  });

  it('optimizes that query to one filter above the watermark and folded constants, and gives the same rows', () => {
    const q = compileOne(readFileSync(file, 'utf8'));
    const rules = ['constant_folding', 'push_down_filter', 'merge_filters'];
    expect(q.steps.map((s) => s.rule).filter((r) => rules.includes(r))).toEqual(rules);
    const shown = explainQuery(q);
    expect(shown).toContain("Filter: (amount > 1000) AND (region <> 'test')");
    expect(shown).toContain('Filter: orders > 1');
    expect(shown).toContain("'EU-WEST' AS zone");
    expect(shown).toContain('sum(amount * 1.2) AS gross');
    // Same rows through the real operators, on the plan before and after (with the
    // unpruned scan, so both read the same source rows), in UPDATE mode to emit at once.
    const before = { ...q.logical, target: { ...q.logical.target, mode: 'update' as const } };
    const { plan: after } = optimize(before, [constantFolding, pushDownFilter, mergeFilters]);
    const rows: Rec[] = [
      { amount: 2000, ts: 1000, region: 'eu' },
      { amount: 500, ts: 2000, region: 'eu' },
      { amount: 3000, ts: 3000, region: 'eu' },
      { amount: 3000, ts: 4000, region: 'test' },
      { amount: 5000, ts: 5000, region: 'test' },
      { amount: 1500, ts: 6000, region: 'us' },
      { amount: null, ts: 7000, region: 'us' },
    ];
    const names = inputsOf(before)[0]!.schema.map((c) => c.name);
    expect(names).toEqual(['window_start', 'window_end', 'region', 'zone', 'orders', 'gross']);
    expect(sorted(run(after, rows))).toEqual(sorted(run(before, rows)));
    expect(run(after, rows)).toEqual([[0, 60000, 'eu', 'EU-WEST', 2, 6000]]);
  });

  it('reaches a fixpoint on every golden query: optimizing an optimized plan changes nothing', () => {
    const dir = resolve(import.meta.dirname, '../../queries');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ksql'));
    expect(files).toContain('optimizer_rules.ksql');
    for (const f of files) {
      for (const q of compile(readFileSync(join(dir, f), 'utf8')).queries) expect(optimize(q.optimized).steps, f).toEqual([]);
    }
  });
});
