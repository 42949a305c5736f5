import { describe, expect, it } from 'vitest';
import type { NamedExpr } from '../../src/core/specs.js';
import { BOOLEAN, DOUBLE, INT, STRING } from '../../src/core/SqlType.js';
import { compile } from '../../src/compile.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import { buildOperators } from '../../src/runtime/buildOperators.js';
import { decodeJson } from '../../src/runtime/decode/decodeJson.js';
import type { BatchContext } from '../../src/runtime/exec/Operator.js';
import { qualityCheckOperator } from '../../src/runtime/exec/QualityCheckOperator.js';
import type { Row, Schema } from '../../src/core/Schema.js';

/**
 * QualityCheckExec: one BOOLEAN column per QUALITY rule, appended after the
 * input's columns. A rule passes only when it is TRUE: NULL (unknown) fails, so
 * a quality column is never NULL.
 */
const INPUT: Schema = [
  { name: 'id', type: STRING, nullable: false },
  { name: 'amount', type: DOUBLE, nullable: true },
  { name: 'flag', type: BOOLEAN, nullable: true },
];

const RULES: NamedExpr[] = [
  {
    name: 'quality_positive',
    expr: {
      kind: 'call',
      fn: '>',
      args: [
        { kind: 'column', name: 'amount', type: DOUBLE },
        { kind: 'literal', value: 0, type: INT },
      ],
      type: BOOLEAN,
    },
  },
  { name: 'quality_flagged', expr: { kind: 'column', name: 'flag', type: BOOLEAN } },
];

const ctx = (): BatchContext => ({
  watermark: -Infinity,
  nextWatermark: -Infinity,
  sourcePartitions: [],
  pendingPartitions: new Set(),
  lateRows: 0,
});

describe('QualityCheckExec', () => {
  it('appends one column per rule, in rule order, after the input columns', () => {
    const op = qualityCheckOperator(RULES, INPUT);
    expect(op.process([['a', 5, true]], ctx())).toEqual([['a', 5, true, true, true]]);
  });

  it('a rule is TRUE only when its condition is TRUE: FALSE and NULL are FALSE, never NULL', () => {
    const op = qualityCheckOperator(RULES, INPUT);
    const rows: Row[] = [
      ['pos', 1, true],
      ['zero', 0, false],
      ['neg', -1, null],
      ['unknown', null, null],
    ];
    expect(op.process(rows, ctx()).map((r) => r.slice(3))).toEqual([
      [true, true],
      [false, false],
      [false, false],
      [false, false],
    ]);
  });

  it('keeps every row, failing or not (routing is the sink’s business), and adds nothing without rules', () => {
    const op = qualityCheckOperator(RULES, INPUT);
    expect(
      op
        .process(
          [
            ['x', -5, false],
            ['y', 5, true],
          ],
          ctx(),
        )
        .map((r) => r[0]),
    ).toEqual(['x', 'y']);
    expect(qualityCheckOperator([], INPUT).process([['z', 1, true]], ctx())).toEqual([['z', 1, true]]);
  });
});

describe('QUALITY end to end: compile() → buildOperators → rows', () => {
  let offset = 0;
  const record = (value: object): SourceRecord => ({
    topic: 'payments',
    partition: 0,
    offset: String(offset++),
    timestamp: 0,
    key: null,
    value: Buffer.from(JSON.stringify(value)),
  });

  /** Runs one batch of JSON values through the query's operators; rows by output column name. */
  function runQuery(text: string, values: object[]): { columns: string[]; rows: Record<string, unknown>[] } {
    const r = compile(text);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const chain = buildOperators(r.queries[0]!.physical);
    const decoded = decodeJson(values.map(record), chain.source.schema, { queryId: 'q', batchStartedAt: 0 });
    expect(decoded.deadLetters).toEqual([]);
    const c: BatchContext = { ...ctx(), sourcePartitions: decoded.partitions };
    let rows = decoded.rows;
    for (const op of chain.operators) rows = op.process(rows, c);
    const columns = chain.sink.schema.map((col) => col.name);
    return { columns, rows: rows.map((row) => Object.fromEntries(columns.map((n, i) => [n, row[i]]))) };
  }

  it('the quality columns follow the selected columns, TRUE only for a TRUE rule', () => {
    // `note` is never read, so the scan is narrower than the declared stream:
    // QualityCheck must append after the decoded columns, not the declared ones.
    const { columns, rows } = runQuery(
      `CREATE STREAM payments (note STRING, payment_id STRING NOT NULL, amount DOUBLE, currency STRING);
       SELECT payment_id, amount FROM KAFKA payments
       QUALITY (amount > 0 AS positive, currency IN ('EUR', 'USD') AS known_currency)
       INTO CONSOLE;`,
      [
        { note: 'n', payment_id: 'p1', amount: 10, currency: 'EUR' },
        { payment_id: 'p2', amount: -1, currency: 'GBP' },
        { payment_id: 'p3' },
      ],
    );
    expect(columns).toEqual(['payment_id', 'amount', 'quality_positive', 'quality_known_currency']);
    expect(rows).toEqual([
      { payment_id: 'p1', amount: 10, quality_positive: true, quality_known_currency: true },
      { payment_id: 'p2', amount: -1, quality_positive: false, quality_known_currency: false },
      { payment_id: 'p3', amount: null, quality_positive: false, quality_known_currency: false },
    ]);
  });

  it('after WHERE and DEDUPLICATE, on an undeclared stream', () => {
    const { columns, rows } = runQuery(
      `SELECT order_id, amount FROM KAFKA orders
       WHERE amount IS NOT NULL
       DEDUPLICATE ON (order_id) WITHIN '1 hour'
       QUALITY (amount BETWEEN 0 AND 100 AS plausible)
       INTO CONSOLE;`,
      [{ order_id: 'o1', amount: 50 }, { order_id: 'o1', amount: 60 }, { order_id: 'o2', amount: 500 }, { order_id: 'o3' }],
    );
    expect(columns).toEqual(['order_id', 'amount', 'quality_plausible']);
    expect(rows).toEqual([
      { order_id: 'o1', amount: 50, quality_plausible: true },
      { order_id: 'o2', amount: 500, quality_plausible: false },
    ]);
  });
});
