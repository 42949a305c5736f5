import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatExpr } from '../../src/core/BoundExpr.js';
import { inDatabaseCopy } from '../../src/plan/physical/inDatabaseCopy.js';
import { sourceOf, type PhysicalPlan, type UpdatingAggregateExec } from '../../src/plan/physical/PhysicalPlan.js';
import { aggregateOperator } from '../../src/runtime/exec/AggregateOperator.js';
import type { BatchContext } from '../../src/runtime/exec/Operator.js';

const DECLARE = 'CREATE TABLE t (a INT, s STRING, d DOUBLE) IN POSTGRES;\n';
const planOf = (text: string) => compile(DECLARE + text).queries[0]!.physical;

/** Lowering of batch queries: what goes into the table's SQL, and when a copy stays inside the database. */
describe('batch plans', () => {
  it('a WHERE splits: the conditions the SQL can take go into the read, the rest stays a filter above it', () => {
    const plan = planOf("SELECT a FROM POSTGRES t WHERE a > 1 AND upper(s) = 'X' AND s = 'y' INTO CONSOLE;");
    expect(sourceOf(plan).kind).toBe('TableSourceExec');
    const scan = sourceOf(plan) as Extract<PhysicalPlan, { kind: 'TableSourceExec' }>;
    expect(scan.where.map(formatExpr)).toEqual(['a > 1', "s = 'y'"]);
    const filter = plan.input.kind === 'ProjectionExec' ? plan.input.input : plan.input;
    expect(filter.kind === 'FilterExec' && formatExpr(filter.predicate)).toBe("upper(s) = 'X'");
    expect(filter.kind === 'FilterExec' && filter.input).toBe(scan);
  });

  it('a copy stays inside the database only when the read computes all of it, from and into one database', () => {
    expect(inDatabaseCopy(planOf('INSERT INTO POSTGRES u SELECT a AS x, s FROM POSTGRES t WHERE a IN (1, 2) MODE APPEND;'))).toMatchObject({
      table: 't',
      columns: [{ name: 'a' }, { name: 's' }],
    });
    expect(inDatabaseCopy(planOf('INSERT INTO POSTGRES u SELECT a + 1 AS a FROM POSTGRES t;'))).toBeUndefined();
    expect(inDatabaseCopy(planOf('INSERT INTO POSTGRES u SELECT a FROM POSTGRES t WHERE d * 2 > 1;'))).toBeUndefined();
    expect(inDatabaseCopy(planOf('INSERT INTO POSTGRES u SELECT s, count(*) AS n FROM POSTGRES t GROUP BY s;'))).toBeUndefined();
    expect(inDatabaseCopy(planOf('INSERT INTO ORACLE u SELECT a FROM POSTGRES t;'))).toBeUndefined();
  });

  it('the watermark at +∞ (the end of a table) emits every group once; without GROUP BY, one row even for no rows', () => {
    const agg = (text: string) => {
      let p: PhysicalPlan = planOf(text);
      while (p.kind !== 'UpdatingAggregateExec') p = (p as { input: PhysicalPlan }).input;
      const a = p as UpdatingAggregateExec;
      return aggregateOperator(a, a.input.schema, a.kind);
    };
    const ctx = (end: boolean): BatchContext => ({
      watermark: -Infinity,
      nextWatermark: end ? Infinity : -Infinity,
      sourcePartitions: [],
      pendingPartitions: new Set(),
      lateRows: 0,
    });
    const grouped = agg('SELECT s, count(*) AS n FROM POSTGRES t GROUP BY s INTO CONSOLE;');
    expect(grouped.process([['x'], ['y'], ['x']], ctx(false))).toEqual([]);
    expect(grouped.process([], ctx(true))).toEqual([
      ['x', 2],
      ['y', 1],
    ]);
    expect(grouped.process([], ctx(true))).toEqual([]);
    const total = agg('SELECT count(*) AS n, sum(a) AS total FROM POSTGRES t INTO CONSOLE;');
    expect(total.process([], ctx(true))).toEqual([[0, null]]);
  });
});
