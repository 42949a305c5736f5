import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { Decimal } from '../../src/core/Decimal.js';
import { decimal, DOUBLE } from '../../src/core/SqlType.js';
import type { Row, Schema } from '../../src/core/Schema.js';
import { buildOperators, type OperatorChain } from '../../src/runtime/buildOperators.js';
import { decodeJson } from '../../src/runtime/decode/decodeJson.js';
import { numberTexts } from '../../src/runtime/decode/numberTexts.js';
import type { BatchContext } from '../../src/runtime/exec/Operator.js';
import type { SourceRecord } from '../../src/runtime/ports/Source.js';
import { EntrySizes, restoreState, saveState } from '../../src/runtime/state/savedState.js';

let offset = 0;
const record = (text: string): SourceRecord => ({
  topic: 'orders',
  partition: 0,
  offset: String(offset++),
  timestamp: 0,
  key: null,
  value: Buffer.from(text, 'utf8'),
});
const decode = (texts: readonly string[], schema: Schema) => decodeJson(texts.map(record), schema, { queryId: 'q', batchStartedAt: 0 });

describe('decoding DECIMAL fields from the JSON text', () => {
  const schema: Schema = [
    { name: 'amount', type: decimal(38, 10), nullable: true },
    { name: 'price', type: decimal(5, 2), nullable: true },
    { name: 'd', type: DOUBLE, nullable: true },
  ];

  it('keeps digits a double cannot hold: 20 and more significant digits', () => {
    const r = decode(
      [
        '{"amount": 1234567890123456789012345678.0123456789, "d": 1234567890123456789012345678.0123456789}',
        '{"amount": -0.0000000001}',
        '{"amount": 12345678901234567.891}',
      ],
      schema,
    );
    expect(r.deadLetters).toEqual([]);
    expect(r.rows.map((row) => String(row[0]))).toEqual([
      '1234567890123456789012345678.0123456789',
      '-0.0000000001',
      '12345678901234567.8910000000',
    ]);
    // A DOUBLE column still reads the double.
    expect(r.rows[0]![2]).toBe(1.2345678901234568e27);
  });

  it('rounds half away from zero to the declared scale, from the text (not from a double rounded first)', () => {
    const r = decode(
      ['{"price": 1.235}', '{"price": -1.235}', '{"price": 1.2349999999999999999}', '{"price": "2.005"}', '{"price": 1e2}'],
      schema,
    );
    expect(r.rows.map((row) => String(row[1]))).toEqual(['1.24', '-1.24', '1.23', '2.01', '100.00']);
  });

  it('a value beyond the precision is a bad record, with the digits it had', () => {
    const r = decode(['{"price": 1234.5}', '{"price": 12345678901234567890.5}'], schema);
    expect(r.rows).toEqual([]);
    expect(r.deadLetters.map((d) => d.reason)).toEqual([
      "field 'price': expected DECIMAL(5,2), found 1234.5",
      "field 'price': expected DECIMAL(5,2), found 12345678901234567890.5",
    ]);
  });

  it('finds only top-level fields: nested objects, arrays and strings that look like the field do not count', () => {
    const text =
      '{"meta": {"amount": 1, "list": [{"amount": 2}, "}"]}, "note": "\\"amount\\": 3", "amount" : 4.50000000000000000001 ,' +
      ' "a\\u006dount2": 5, "price": [1], "price": 6.5}';
    expect(JSON.parse(text).amount).toBe(4.5);
    const found = numberTexts(text, new Set(['amount', 'amount2', 'price', 'missing']));
    expect([...found]).toEqual([
      ['amount', '4.50000000000000000001'],
      ['amount2', '5'],
      ['price', '6.5'],
    ]);
    expect(String(decode([text], schema).rows[0]![0])).toBe('4.5000000000');
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    expect([...numberTexts('{"amount": 1.5, "amount": 2.25}', new Set(['amount']))]).toEqual([['amount', '2.25']]);
    expect([...numberTexts('{"amount": 1.5, "amount": "x"}', new Set(['amount']))]).toEqual([]);
    expect(decode(['{"amount": 1.5, "amount": null}'], schema).rows).toEqual([[null, null, null]]);
  });
});

/** One batch through the chain, as the runner runs it. */
function runBatch(chain: OperatorChain, texts: readonly string[]): Row[] {
  const decoded = decodeJson(texts.map(record), chain.source.schema, { queryId: chain.sink.queryId, batchStartedAt: 0 });
  expect(decoded.deadLetters).toEqual([]);
  const ctx: BatchContext = {
    watermark: -Infinity,
    nextWatermark: -Infinity,
    sourcePartitions: decoded.partitions,
    pendingPartitions: new Set(),
    lateRows: 0,
  };
  let rows = decoded.rows;
  for (const op of chain.operators) rows = op.process(rows, ctx);
  return rows;
}

const AGGREGATES = `CREATE STREAM orders (region DECIMAL(4,1), amount DECIMAL(10,2), d DOUBLE);
SELECT region, sum(amount) AS total, avg(amount) AS mean, min(amount) AS lo, max(amount) AS hi, count(DISTINCT amount) AS kinds, sum(DISTINCT amount) AS distinct_total, sum(d) AS dsum
FROM KAFKA orders GROUP BY region INTO POSTGRES decimal_totals MODE UPDATE`;

function chainOf(text: string): OperatorChain {
  const r = compile(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildOperators(r.queries[0]!.physical);
}

/** The rows as text, each value as it would print. */
const asText = (rows: readonly Row[]) => rows.map((row) => row.map((v) => (v === null ? 'NULL' : String(v))).join(' | '));

describe('DECIMAL aggregates', () => {
  it('are typed as Spark types them', () => {
    const schema = compile(AGGREGATES).queries[0]!.physical.schema;
    expect(
      schema.map((c) => `${c.name} ${c.type.kind === 'DECIMAL' ? `DECIMAL(${c.type.precision},${c.type.scale})` : c.type.kind}`),
    ).toEqual([
      'region DECIMAL(4,1)',
      'total DECIMAL(20,2)',
      'mean DECIMAL(14,6)',
      'lo DECIMAL(10,2)',
      'hi DECIMAL(10,2)',
      'kinds BIGINT',
      'distinct_total DECIMAL(20,2)',
      'dsum DOUBLE',
    ]);
  });

  it('sum 0.1 ten times to exactly 1.00, where doubles give 0.9999999999999999', () => {
    const chain = chainOf(AGGREGATES);
    const rows = runBatch(
      chain,
      Array.from({ length: 10 }, () => '{"region": 1, "amount": 0.1, "d": 0.1}'),
    );
    expect(asText(rows)).toEqual(['1.0 | 1.00 | 0.100000 | 0.10 | 0.10 | 1 | 0.10 | 0.9999999999999999']);
  });

  it('average to scale s + 4, rounded half away from zero', () => {
    const chain = chainOf(AGGREGATES);
    const rows = runBatch(chain, ['{"region": 2, "amount": 1.00}', '{"region": 2, "amount": 1.00}', '{"region": 2, "amount": 0.01}']);
    // 2.01 / 3 = 0.67 exactly; 0.02 / 3 = 0.006666… → 0.006667.
    expect(asText(rows)[0]).toMatch(/^2\.0 \| 2\.01 \| 0\.670000 \| 0\.01 \| 1\.00 \| 2 \| 1\.01 \| NULL$/);
    const small = runBatch(chainOf(AGGREGATES), [
      '{"region": 3, "amount": 0.01}',
      '{"region": 3, "amount": 0.01}',
      '{"region": 3, "amount": 0.00}',
    ]);
    expect(asText(small)[0]).toContain('| 0.006667 |');
    const negative = runBatch(chainOf(AGGREGATES), [
      '{"region": 3, "amount": -0.01}',
      '{"region": 3, "amount": -0.01}',
      '{"region": 3, "amount": 0.00}',
    ]);
    expect(asText(negative)[0]).toContain('| -0.006667 |');
  });

  it('keep 38 digits: a DECIMAL(38,10) sum of values beyond a double is the exact sum', () => {
    const chain = chainOf(
      'CREATE STREAM big (amount DECIMAL(38,10));\nSELECT sum(amount) AS total FROM KAFKA big INTO POSTGRES big_totals MODE COMPLETE',
    );
    const values = ['1234567890123456789012.3456789012', '0.0000000001', '-99999999999999999999.9999999999'];
    const exact = values.reduce((s, v) => s + BigInt(v.replace('.', '')), 0n);
    const rows = runBatch(
      chain,
      values.map((v) => `{"amount": ${v}}`),
    );
    expect(rows[0]![0]).toEqual(Decimal.of(exact, 10));
    expect(String(rows[0]![0])).toBe('1134567890123456789012.3456789014');
  });

  it('restore from saved state: decimal keys, BigInt sums and distinct values come back exact, and the sums go on', () => {
    const first = chainOf(AGGREGATES);
    runBatch(first, ['{"region": 1.5, "amount": 10000000.01}', '{"region": 1.5, "amount": 0.02}', '{"region": null, "amount": 0.5}']);
    const commit = saveState(first, -Infinity, new EntrySizes()).commit;
    const restarted = chainOf(AGGREGATES);
    restoreState(restarted, { header: commit.header, entries: commit.put }, 'decimal_totals');
    const next = ['{"region": 1.5, "amount": 0.02}', '{"region": 1.50, "amount": 0.03}'];
    const resumed = runBatch(restarted, next);
    const uninterrupted = chainOf(AGGREGATES);
    runBatch(uninterrupted, [
      '{"region": 1.5, "amount": 10000000.01}',
      '{"region": 1.5, "amount": 0.02}',
      '{"region": null, "amount": 0.5}',
    ]);
    saveState(uninterrupted, -Infinity, new EntrySizes());
    expect(asText(resumed)).toEqual(asText(runBatch(uninterrupted, next)));
    // Restored exactly: the next batch commits the same entries, to the last digit, as the uninterrupted chain.
    expect(saveState(restarted, -Infinity, new EntrySizes()).commit.put).toEqual(
      saveState(uninterrupted, -Infinity, new EntrySizes()).commit.put,
    );
    expect(asText(resumed)).toEqual(['1.5 | 10000000.08 | 2500000.020000 | 0.02 | 10000000.01 | 3 | 10000000.06 | NULL']);
    expect(resumed[0]![0]).toEqual(Decimal.parse('1.5'));
  });
});
