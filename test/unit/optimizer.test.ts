import { describe, expect, it } from 'vitest';
import { compile, type CompiledQuery } from '../../src/compile.js';
import { displayLogical } from '../../src/plan/logical/displayLogical.js';
import { inputsOf, type StreamScanNode, type LogicalPlan } from '../../src/plan/logical/LogicalPlan.js';
import { eliminateIdentityProjection } from '../../src/plan/optimizer/eliminateIdentityProjection.js';
import { optimize } from '../../src/plan/optimizer/optimize.js';
import type { OptimizerRule } from '../../src/plan/optimizer/OptimizerRule.js';
import { pruneScanColumns } from '../../src/plan/optimizer/pruneScanColumns.js';

function compileOne(text: string): CompiledQuery {
  const r = compile(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.queries[r.queries.length - 1]!;
}

/** Node kinds from the root down. */
function kinds(p: LogicalPlan): string[] {
  const out: string[] = [];
  for (let n: LogicalPlan | undefined = p; n; n = inputsOf(n)[0]) out.push(n.kind);
  return out;
}

function scanOf(p: LogicalPlan): StreamScanNode {
  let n = p;
  while (n.kind !== 'StreamScan') n = inputsOf(n)[0]!;
  return n;
}

const scanColumns = (p: LogicalPlan) => scanOf(p).schema.map((c) => c.name);

const WIDE =
  "CREATE STREAM w (id STRING, kind STRING, payload STRING, host STRING, size BIGINT, at TIMESTAMP, WATERMARK FOR at AS at - INTERVAL '1' SECOND);\n";

describe('prune_scan_columns', () => {
  it('removes declared columns that no node reads', () => {
    const q = compileOne(`${WIDE}SELECT id, size * 2 AS double_size FROM KAFKA w WHERE kind = 'x' INTO CONSOLE`);
    expect(scanColumns(q.logical)).toEqual(['id', 'kind', 'payload', 'host', 'size', 'at']);
    const { plan, steps } = optimize(q.logical, [pruneScanColumns]);
    // at stays: the watermark reads it.
    expect(scanColumns(plan)).toEqual(['id', 'kind', 'size', 'at']);
    expect(steps.map((s) => s.rule)).toEqual(['prune_scan_columns']);
  });

  it('keeps the columns an aggregate reads: keys, arguments, window time column', () => {
    const q = compileOne(
      `${WIDE}SELECT kind, window(at, '1 minute'), sum(size) AS total FROM KAFKA w GROUP BY kind, window(at, '1 minute') INTO CONSOLE`,
    );
    expect(scanColumns(q.optimized)).toEqual(['kind', 'size', 'at']);
  });

  it('keeps every column a sink writes when no projection is left (SELECT *)', () => {
    const q = compileOne(`${WIDE}SELECT * FROM KAFKA w INTO CONSOLE`);
    expect(kinds(q.optimized)).toEqual(['Sink', 'Watermark', 'StreamScan']);
    expect(scanColumns(q.optimized)).toEqual(['id', 'kind', 'payload', 'host', 'size', 'at']);
    // What reaches the sink is what the sink declares it writes.
    const sinkInput = inputsOf(q.optimized)[0]!;
    expect(sinkInput.schema).toEqual(q.optimized.schema);
  });

  it('keeps the columns of a plain column list whose projection was eliminated', () => {
    const q = compileOne('SELECT a, b FROM KAFKA s INTO CONSOLE');
    expect(kinds(q.optimized)).toEqual(['Sink', 'StreamScan']);
    expect(scanColumns(q.optimized)).toEqual(['a', 'b']);
  });

  it('an alias equal to an unused source column does not keep that column', () => {
    const q = compileOne('CREATE STREAM t (a STRING, b STRING);\nSELECT upper(a) AS b FROM KAFKA t INTO CONSOLE');
    expect(scanColumns(q.optimized)).toEqual(['a']);
  });

  it('does nothing when every column is used', () => {
    const q = compileOne('CREATE STREAM t (a STRING, b INT);\nSELECT a FROM KAFKA t WHERE b > 1 INTO CONSOLE');
    const { plan, steps } = optimize(q.logical, [pruneScanColumns]);
    expect(steps).toEqual([]);
    expect(plan).toBe(q.logical);
  });
});

describe('eliminate_identity_projection', () => {
  it('drops a projection that passes its input through in order', () => {
    const q = compileOne(`${WIDE}SELECT id, kind, payload, host, size, at FROM KAFKA w INTO CONSOLE`);
    expect(kinds(q.logical)).toEqual(['Sink', 'Projection', 'Watermark', 'StreamScan']);
    const { plan } = optimize(q.logical, [eliminateIdentityProjection]);
    expect(kinds(plan)).toEqual(['Sink', 'Watermark', 'StreamScan']);
  });

  it('keeps a projection that reorders, renames, computes or drops columns', () => {
    for (const items of [
      'kind, id, payload, host, size, at',
      'id AS ident, kind, payload, host, size, at',
      'id, kind, payload, host, size + 1 AS size, at',
      'id, kind',
    ]) {
      const q = compileOne(`${WIDE}SELECT ${items} FROM KAFKA w INTO CONSOLE`);
      const { plan } = optimize(q.logical, [eliminateIdentityProjection]);
      expect(kinds(plan), items).toContain('Projection');
    }
  });

  it('drops the projection over an aggregate whose columns are selected in order', () => {
    const q = compileOne("SELECT window(ts, '1 minute'), count(*) AS n FROM KAFKA s INTO CONSOLE");
    expect(kinds(q.optimized)).toEqual(['Sink', 'Aggregate', 'Watermark', 'StreamScan']);
    const reordered = compileOne("SELECT count(*) AS n, window(ts, '1 minute') FROM KAFKA s INTO CONSOLE");
    expect(kinds(reordered.optimized)).toContain('Projection');
  });
});

describe('optimizer driver', () => {
  it('never changes what a query outputs (every golden-style query)', () => {
    for (const text of [
      `${WIDE}SELECT * FROM KAFKA w INTO CONSOLE`,
      `${WIDE}SELECT id FROM KAFKA w WHERE size > 1 INTO CONSOLE`,
      "SELECT k, window(t, '1 minute'), max(v) AS m FROM KAFKA s GROUP BY k, window(t, '1 minute') HAVING max(v) > 0 INTO CONSOLE",
    ]) {
      const q = compileOne(text);
      expect(q.optimized.schema).toEqual(q.logical.schema);
      expect(inputsOf(q.optimized)[0]!.schema).toEqual(inputsOf(q.logical)[0]!.schema);
    }
  });

  it('records each rule that changed the plan, with the plan after it', () => {
    const q = compileOne(`${WIDE}SELECT id, kind, payload, host, size, at FROM KAFKA w INTO CONSOLE`);
    expect(q.steps.map((s) => s.rule)).toEqual(['eliminate_identity_projection']);
    expect(q.steps[0]!.plan).toBe(displayLogical(q.optimized));
  });

  it('runs passes until nothing changes, and gives up after a bounded number', () => {
    // The sink is offered once per pass, so a rule that changes it one step at a
    // time needs one pass per step.
    const q = compileOne('SELECT a FROM KAFKA s INTO CONSOLE WITH (max_records_per_batch = 1)');
    const stepUpTo = (limit: number): OptimizerRule => ({
      name: `step_up_to_${limit}`,
      rewrite: (n) =>
        n.kind === 'Sink' && n.maxRecordsPerBatch < limit ? { ...n, maxRecordsPerBatch: n.maxRecordsPerBatch + 1 } : undefined,
    });
    const four = optimize(q.logical, [stepUpTo(4)]);
    expect(four.plan.kind === 'Sink' && four.plan.maxRecordsPerBatch).toBe(4);
    expect(four.steps).toHaveLength(3);
    // A rule that always changes something does not loop forever.
    const endless = optimize(q.logical, [stepUpTo(Infinity)]);
    expect(endless.steps.length).toBeGreaterThan(1);
    expect(endless.steps.length).toBeLessThan(100);
  });

  it('throws when a rule changes the output schema', () => {
    const q = compileOne('SELECT a + 1 AS b FROM KAFKA s INTO CONSOLE');
    const renameOutput: OptimizerRule = {
      name: 'rename_output',
      rewrite: (n) =>
        n.kind === 'Projection' && n.schema[0]!.name === 'b' ? { ...n, schema: [{ ...n.schema[0]!, name: 'c' }] } : undefined,
    };
    // The projection's new schema flows into the sink's input only; the check must still see it.
    expect(() => optimize(q.logical, [renameOutput])).toThrow(/rename_output changed the output schema/);
  });

  it('throws when a rule drops a column the sink writes', () => {
    const q = compileOne('CREATE STREAM t (a STRING, b STRING);\nSELECT * FROM KAFKA t INTO CONSOLE');
    const dropColumn: OptimizerRule = {
      name: 'drop_b',
      rewrite: (n) =>
        n.kind === 'Sink' && n.input.kind === 'Projection' && n.input.schema.length === 2
          ? { ...n, input: { ...n.input, schema: n.input.schema.slice(0, 1), exprs: n.input.exprs.slice(0, 1) } }
          : undefined,
    };
    expect(() => optimize(q.logical, [dropColumn])).toThrow(/drop_b/);
  });

  it('throws when a rule changes a root that is not a sink', () => {
    const q = compileOne('SELECT a + 1 AS b FROM KAFKA s INTO CONSOLE');
    const projection = inputsOf(q.logical)[0]!;
    const retype: OptimizerRule = {
      name: 'retype',
      rewrite: (n) =>
        n.kind === 'Projection' && n.schema[0]!.type.kind !== 'STRING'
          ? { ...n, schema: [{ ...n.schema[0]!, type: { kind: 'STRING' } }] }
          : undefined,
    };
    expect(() => optimize(projection, [retype])).toThrow(/retype/);
  });
});
