import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIGINT, BOOLEAN, DATE, decimal, DOUBLE, INT, INTERVAL, STRING, TIMESTAMP, UNKNOWN } from '../../src/core/SqlType.js';
import { BatchFencedError } from '../../src/runtime/ports/BatchFencedError.js';
import { BASE64_MARKER } from '../../src/runtime/ports/deadLetterRow.js';
import type { DeadLetterRow, Sink, SinkMode, SinkSpec, SourceOffset } from '../../src/runtime/ports/Sink.js';
import type { StateEntry } from '../../src/runtime/ports/StateEntries.js';
import { headerOnly } from '../helpers/committedState.js';
import type { Row, Schema } from '../../src/core/Schema.js';

/** What the suite needs from one database to test its sink against the real thing. */
export interface SinkHarness {
  /**
   * The sink under test for `spec`. With `failBeforeCommit`, its sessions (the real
   * ones, wrapped by failingCommit) throw in place of the commit, after rows and offsets are written.
   */
  makeSink(spec: SinkSpec, options?: { failBeforeCommit?: boolean }): Sink;
  /** The table's rows in Row representation (epoch ms timestamps, 'YYYY-MM-DD' dates, ms intervals). */
  readTable(table: string, schema: Schema): Promise<Row[]>;
  /**
   * Dead letters stored for `queryId` in `table` (as the query names it; default
   * the dead-letter table beside the suite's tables), by topic, partition, offset.
   */
  readDeadLetters(queryId: string, table?: string): Promise<DeadLetterRow[]>;
  /** Oracle stores '' as NULL; the suite expects that rather than pretend otherwise. */
  readonly emptyStringIsNull: boolean;
  /** Removes what a run left behind: the table and its query's offsets and dead-letter rows. */
  dropTable(table: string, queryId: string): Promise<void>;
  close(): Promise<void>;
}

const windowSchema: Schema = [
  { name: 'region', type: STRING, nullable: false },
  { name: 'window_start', type: TIMESTAMP, nullable: false },
  { name: 'window_end', type: TIMESTAMP, nullable: false },
  { name: 'sum_amount', type: DOUBLE, nullable: true },
  { name: 'avg_price', type: decimal(12, 2), nullable: true },
];

const allTypesSchema: Schema = [
  { name: 'id', type: INT, nullable: false },
  { name: 's', type: STRING, nullable: true },
  { name: 'b', type: BOOLEAN, nullable: true },
  { name: 'i', type: INT, nullable: true },
  { name: 'big', type: BIGINT, nullable: true },
  { name: 'd', type: DOUBLE, nullable: true },
  { name: 'dec', type: decimal(18, 4), nullable: true },
  { name: 'day', type: DATE, nullable: true },
  { name: 'ts', type: TIMESTAMP, nullable: true },
  { name: 'dur', type: INTERVAL, nullable: true },
  { name: 'raw', type: UNKNOWN, nullable: true },
];

const minute = 60_000;
const t0 = Date.UTC(2024, 2, 31, 0, 58, 59, 123); // a DST change in Europe, odd milliseconds

function windowRow(region: string | null, startMinute: number, sum: number | null, avg: number | null): Row {
  return [region, t0 + startMinute * minute, t0 + (startMinute + 5) * minute, sum, avg];
}

/** A dead letter of record `offset`; the value names its offset, so that a mix-up shows. */
function deadLetter(partition: number, offset: string, extra: Partial<DeadLetterRow> = {}): DeadLetterRow {
  return {
    topic: 'orders',
    partition,
    offset,
    timestamp: t0 + Number(offset.slice(-6)),
    key: `key-${offset}`,
    value: `{"order_id": "broken-${offset}`,
    reason: `not valid JSON: Unterminated string in JSON at position ${offset.length + 23}`,
    ...extra,
  };
}

const sorted = (rows: readonly Row[]): Row[] => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
const byPartition = (offsets: readonly SourceOffset[]): SourceOffset[] =>
  [...offsets].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);

/**
 * The behaviour the relational sink owes the runtime (DESIGN §3), run against a
 * real database, once per dialect: `makeHarness` connects to it.
 */
export function runSinkConformance(name: string, makeHarness: () => Promise<SinkHarness>): void {
  describe(`${name} conformance`, { timeout: 60_000 }, () => {
    const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    let harness: SinkHarness;
    let tables = 0;
    const created: { table: string; queryId: string }[] = [];
    const opened: Sink[] = [];

    beforeAll(async () => {
      harness = await makeHarness();
    });

    afterAll(async () => {
      for (const sink of opened) await sink.close().catch(() => {});
      if (harness === undefined) return;
      for (const c of created) await harness.dropTable(c.table, c.queryId);
      await harness.close();
    });

    /** A spec on a table name no other run uses. */
    function newSpec(schema: Schema, mode: SinkMode, key: string[] = []): SinkSpec {
      tables += 1;
      const spec = { table: `k2o_conf_${runId}_${tables}`, schema, mode, key, queryId: `conf-${runId}-${tables}` };
      created.push({ table: spec.table, queryId: spec.queryId });
      return spec;
    }

    /** A table name no other run uses, dropped after the suite. */
    function newTableName(): string {
      tables += 1;
      const table = `k2o_conf_${runId}_${tables}`;
      created.push({ table, queryId: `conf-${runId}-${tables}` });
      return table;
    }

    async function openSink(spec: SinkSpec, options?: { failBeforeCommit?: boolean }): Promise<Sink> {
      const sink = harness.makeSink(spec, options);
      opened.push(sink);
      await sink.open();
      return sink;
    }

    const read = async (spec: SinkSpec): Promise<Row[]> => sorted(await harness.readTable(spec.table, spec.schema));

    it('creates the table and the offsets table when absent, and opens again on them', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      expect(await read(spec)).toEqual([]);
      expect(await sink.readOffsets()).toEqual([]);
      await openSink(spec);
    });

    it('refuses an existing table that does not fit, naming the columns', async () => {
      const spec = newSpec(
        [
          { name: 'id', type: INT, nullable: false },
          { name: 'label', type: STRING, nullable: true },
        ],
        'append',
      );
      await openSink(spec);
      const changed: SinkSpec = {
        ...spec,
        schema: [
          { name: 'id', type: INT, nullable: false },
          { name: 'label', type: BIGINT, nullable: true },
          { name: 'extra', type: STRING, nullable: true },
        ],
      };
      const sink = harness.makeSink(changed);
      opened.push(sink);
      await expect(sink.open()).rejects.toThrow(/"label" has type .*; column "extra" is missing/i);
    });

    it('appends rows and stores offsets with them; readOffsets returns the latest per partition', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      const rows = [windowRow('eu', 0, 1500.5, 12.25), windowRow('us', 0, 7, 0.5)];
      await sink.writeBatch(rows, [
        { topic: 'orders', partition: 0, offset: '42' },
        { topic: 'orders', partition: 1, offset: '9007199254740993' },
      ]);
      await sink.writeBatch([windowRow('eu', 5, 1, 1)], [{ topic: 'orders', partition: 0, offset: '43' }]);
      expect(await read(spec)).toEqual(sorted([...rows, windowRow('eu', 5, 1, 1)]));
      expect(byPartition(await sink.readOffsets())).toEqual([
        { topic: 'orders', partition: 0, offset: '43' },
        { topic: 'orders', partition: 1, offset: '9007199254740993' },
      ]);
      const restarted = await openSink(spec);
      expect(byPartition(await restarted.readOffsets())).toHaveLength(2);
      const otherQuery = await openSink({ ...spec, queryId: `${spec.queryId}-other` });
      expect(await otherQuery.readOffsets()).toEqual([]);
    });

    it('commits offsets of a batch without rows', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      await sink.writeBatch([], [{ topic: 'orders', partition: 3, offset: '100' }]);
      expect(await sink.readOffsets()).toEqual([{ topic: 'orders', partition: 3, offset: '100' }]);
    });

    it('leaves neither rows nor offsets when the batch fails before commit', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      const first = [windowRow('eu', 0, 1, 1)];
      await sink.writeBatch(first, [{ topic: 'orders', partition: 0, offset: '1' }]);

      const failing = await openSink(spec, { failBeforeCommit: true });
      await expect(
        failing.writeBatch([windowRow('eu', 5, 2, 2), windowRow('us', 5, 3, 3)], [{ topic: 'orders', partition: 0, offset: '3' }]),
      ).rejects.toThrow();

      expect(await read(spec)).toEqual(first);
      expect(await sink.readOffsets()).toEqual([{ topic: 'orders', partition: 0, offset: '1' }]);
      // The sink stays usable: the next batch is the one that counts.
      await sink.writeBatch([windowRow('us', 5, 3, 3)], [{ topic: 'orders', partition: 0, offset: '3' }]);
      expect(await read(spec)).toEqual(sorted([...first, windowRow('us', 5, 3, 3)]));
    });

    it('a batch whose offsets are all stored already is not written again (a retry after a lost COMMIT reply)', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      const batch = [windowRow('eu', 0, 1, 1), windowRow('us', 0, 2, 2)];
      const offsets = [{ topic: 'orders', partition: 0, offset: '7' }];
      await sink.writeBatch(batch, offsets, headerOnly('{"v":1}'));
      await sink.writeBatch(batch, offsets, headerOnly('{"v":1}'));
      expect(await read(spec)).toEqual(sorted(batch));
    });

    it('refuses a batch behind the stored offsets: another process runs the same query', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      await sink.writeBatch([windowRow('eu', 0, 1, 1)], [{ topic: 'orders', partition: 0, offset: '50' }]);
      const other = await openSink(spec);
      const late = other.writeBatch([windowRow('us', 0, 2, 2)], [{ topic: 'orders', partition: 0, offset: '40' }]);
      await expect(late).rejects.toThrow(/another k2o runs the same query/);
      await expect(late).rejects.toMatchObject({ retriable: false });
      expect(await read(spec)).toEqual([windowRow('eu', 0, 1, 1)]);
    });

    it('refuses, writing nothing, a batch that does not start at the stored offsets: the hand-over fence', async () => {
      const spec = newSpec(windowSchema, 'append');
      const a = await openSink(spec);
      const b = await openSink(spec);
      const p0 = (offset: string) => [{ topic: 'orders', partition: 0, offset }];
      await a.writeBatch([windowRow('eu', 0, 1, 1)], p0('50'), headerOnly('{"v":"a"}'), [], p0('0'));
      // B started when nothing was stored; its batch ends ahead of A's but starts behind it.
      const late = b.writeBatch([windowRow('us', 0, 2, 2)], p0('60'), headerOnly('{"v":"b"}'), [], p0('0'));
      await expect(late).rejects.toBeInstanceOf(BatchFencedError);
      await expect(late).rejects.toMatchObject({
        retriable: false,
        message: expect.stringMatching(/orders\[0\] stored at 50, batch starts at 0/),
      });
      // From the stored offsets, B's batch commits.
      await b.writeBatch([windowRow('us', 0, 2, 2)], p0('60'), headerOnly('{"v":"b"}'), [], p0('50'));
      expect(await read(spec)).toEqual(sorted([windowRow('eu', 0, 1, 1), windowRow('us', 0, 2, 2)]));
      expect((await b.readState())?.header).toBe('{"v":"b"}');
      expect(await a.readOffsets()).toEqual(p0('60'));
    });

    it('stores operator state with the batch, per query, and replaces it each batch', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      expect(await sink.readState()).toBeUndefined();
      // Larger than a VARCHAR2 or a single page: state grows with open windows.
      const big = JSON.stringify({ panes: Array.from({ length: 2000 }, (_, i) => [i, `key-${i}`, i * 1.5]) });
      await sink.writeBatch([windowRow('eu', 0, 1, 1)], [{ topic: 'orders', partition: 0, offset: '5' }], headerOnly(big));
      expect((await (await openSink(spec)).readState())?.header).toBe(big);
      await sink.writeBatch([], [{ topic: 'orders', partition: 0, offset: '6' }], headerOnly('{"v":2}'));
      expect((await sink.readState())?.header).toBe('{"v":2}');
      expect(await (await openSink({ ...spec, queryId: `${spec.queryId}-other` })).readState()).toBeUndefined();
    });

    it('stores state entries by operator, key group and key: written, replaced and deleted by each batch, per query', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      const at = (offset: string) => [{ topic: 'orders', partition: 0, offset }];
      // Past a VARCHAR2's 4000 bytes; keys with NUL (which PostgreSQL text cannot hold) and odd prefixes.
      const long = JSON.stringify(Array.from({ length: 1500 }, (_, i) => `v${i}`));
      const entry = (operator: string, keyGroup: number, key: string, value: string): StateEntry => ({ operator, keyGroup, key, value });
      const first = [
        entry('Agg#1:a', 3, '1704067200000/eustring', '[["eu"],[1,2]]'),
        entry('Agg#1:a', 7, '1704067200000/usstring', long),
        entry('Dedup#0:b', 3, 'nul\u0000key', '5'),
        entry('Dedup#0:b', 9, 'json:"x"', '6'),
      ];
      await sink.writeBatch([], at('1'), { header: '{"h":1}', put: first, deleted: [] });
      const byKey = (entries: readonly StateEntry[]) =>
        [...entries].sort((x, y) => (`${x.operator} ${x.key}` < `${y.operator} ${y.key}` ? -1 : 1));
      expect(byKey((await (await openSink(spec)).readState())!.entries)).toEqual(byKey(first));
      const changed = entry('Agg#1:a', 3, '1704067200000/eustring', '[["eu"],[5,6]]');
      await sink.writeBatch([], at('2'), { header: '{"h":2}', put: [changed], deleted: [first[1]!, first[2]!] });
      const second = await sink.readState();
      expect(second?.header).toBe('{"h":2}');
      expect(byKey(second!.entries)).toEqual(byKey([changed, first[3]!]));
      expect(await (await openSink({ ...spec, queryId: `${spec.queryId}-other` })).readState()).toBeUndefined();
      // A failed batch leaves the entries as the last commit did.
      const failing = await openSink(spec, { failBeforeCommit: true });
      await expect(failing.writeBatch([], at('3'), { header: '{"h":3}', put: [], deleted: [changed] })).rejects.toThrow();
      expect(byKey((await sink.readState())!.entries)).toEqual(byKey([changed, first[3]!]));
    });

    it('writes and reads back tens of thousands of state entries in one batch', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      const many = Array.from({ length: 20_000 }, (_, i) => ({
        operator: 'Agg#1:a',
        keyGroup: i % 128,
        key: `1704067200000/k${i}string`,
        value: `[["k${i}"],[${i}]]`,
      }));
      await sink.writeBatch([], [{ topic: 'orders', partition: 0, offset: '1' }], { header: '{}', put: many, deleted: [] });
      await sink.writeBatch([], [{ topic: 'orders', partition: 0, offset: '2' }], {
        header: '{}',
        put: [],
        deleted: many.slice(0, 15_000),
      });
      const left = (await sink.readState())!.entries.map((e) => e.key).sort();
      expect(left).toEqual(
        many
          .slice(15_000)
          .map((e) => e.key)
          .sort(),
      );
    });

    it('rolls state back with rows and offsets when the batch fails before commit', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      await sink.writeBatch([], [{ topic: 'orders', partition: 0, offset: '1' }], headerOnly('{"v":1}'));
      const failing = await openSink(spec, { failBeforeCommit: true });
      await expect(
        failing.writeBatch([windowRow('eu', 0, 1, 1)], [{ topic: 'orders', partition: 0, offset: '2' }], headerOnly('{"v":2}')),
      ).rejects.toThrow();
      expect((await sink.readState())?.header).toBe('{"v":1}');
      expect(await sink.readOffsets()).toEqual([{ topic: 'orders', partition: 0, offset: '1' }]);
    });

    it('update mode upserts by key, the last row of a key in a batch winning', async () => {
      const spec = newSpec(windowSchema, 'update', ['region', 'window_start']);
      const sink = await openSink(spec);
      await sink.writeBatch([windowRow('eu', 0, 1, 1), windowRow('us', 0, 2, 2)], []);
      await sink.writeBatch(
        [windowRow('eu', 0, 10, 10), windowRow('eu', 5, 3, 3), windowRow('eu', 0, 11, null)],
        [{ topic: 'orders', partition: 0, offset: '9' }],
      );
      expect(await read(spec)).toEqual(sorted([windowRow('eu', 0, 11, null), windowRow('us', 0, 2, 2), windowRow('eu', 5, 3, 3)]));
      expect(await sink.readOffsets()).toEqual([{ topic: 'orders', partition: 0, offset: '9' }]);
    });

    it('update mode with a key that can be NULL: the NULL key is one row, updated by later batches, and the table opens again', async () => {
      const schema = windowSchema.map((c) => (c.name === 'region' ? { ...c, nullable: true } : c));
      const spec = newSpec(schema, 'update', ['region', 'window_start']);
      const sink = await openSink(spec);
      await sink.writeBatch([windowRow(null, 0, 1, 1), windowRow('eu', 0, 2, 2)], []);
      await sink.writeBatch([windowRow(null, 0, 10, 10), windowRow(null, 5, 3, 3)], []);
      await sink.writeBatch([windowRow(null, 0, 11, null)], []);
      expect(await read(spec)).toEqual(sorted([windowRow(null, 0, 11, null), windowRow('eu', 0, 2, 2), windowRow(null, 5, 3, 3)]));
      await openSink(spec);
    });

    it('complete mode replaces the whole table each batch', async () => {
      const spec = newSpec(windowSchema, 'complete');
      const sink = await openSink(spec);
      await sink.writeBatch([windowRow('eu', 0, 1, 1), windowRow('us', 0, 2, 2)], []);
      await sink.writeBatch([windowRow('eu', 0, 5, 5)], [{ topic: 'orders', partition: 0, offset: '2' }]);
      expect(await read(spec)).toEqual([windowRow('eu', 0, 5, 5)]);
      await sink.writeBatch([], [{ topic: 'orders', partition: 0, offset: '3' }]);
      expect(await read(spec)).toEqual([]);
    });

    it('writes NULL in every nullable column type', async () => {
      const spec = newSpec(allTypesSchema, 'append');
      const sink = await openSink(spec);
      const nulls: Row = [1, ...allTypesSchema.slice(1).map(() => null)];
      await sink.writeBatch([nulls], []);
      expect(await read(spec)).toEqual([nulls]);
    });

    it('round-trips every type, timestamps in UTC whatever the process time zone', async () => {
      const spec = newSpec(allTypesSchema, 'append');
      const sink = await openSink(spec);
      const rows: Row[] = [
        [1, 'a', true, -2147483648, 9007199254740991, 0.1 + 0.2, 1234567.8901, '2024-02-29', t0, 90_061_500, 'x'],
        [2, 'b', false, 2147483647, -42, -1e-300, -0.0001, '1969-12-31', Date.UTC(1969, 11, 31, 23, 59, 59, 999), 1, '{"a":1}'],
        [3, 'z', null, 0, 0, 1e300, 0, '2100-01-01', Date.UTC(2100, 0, 1, 12, 0, 0, 1), 0, null],
      ];
      const tz = process.env.TZ;
      process.env.TZ = 'Asia/Kathmandu'; // +05:45: any local-time slip shows
      try {
        await sink.writeBatch(rows, []);
        expect(await read(spec)).toEqual(sorted(rows));
      } finally {
        if (tz === undefined) delete process.env.TZ;
        else process.env.TZ = tz;
      }
    });

    it("stores an empty string as '' (or as NULL where the database says they are the same)", async () => {
      const spec = newSpec(allTypesSchema.slice(0, 2), 'append');
      const sink = await openSink(spec);
      await sink.writeBatch([[1, '']], []);
      expect(await read(spec)).toEqual([[1, harness.emptyStringIsNull ? null : '']]);
    });

    it('round-trips unicode and characters that need escaping', async () => {
      const spec = newSpec(allTypesSchema.slice(0, 2), 'append');
      const sink = await openSink(spec);
      const texts = ['Zürich', '東京', '🚀 rocket', 'quote " and \' and \\', '{a,b}', 'NULL', 'line\nbreak\ttab', 'é'.repeat(1000)];
      const rows = texts.map((s, i): Row => [i, s]);
      await sink.writeBatch(rows, []);
      expect(await read(spec)).toEqual(sorted(rows));
    });

    it('writes a 20,000-row batch in one transaction', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      const rows = Array.from({ length: 20_000 }, (_, i) => windowRow(`r${i % 97}`, i, i * 1.5, (i % 1000) / 4));
      await sink.writeBatch(rows, [{ topic: 'orders', partition: 0, offset: '20000' }]);
      const stored = await read(spec);
      expect(stored).toHaveLength(20_000);
      expect(stored).toEqual(sorted(rows));
    });

    it('stores dead letters with the batch, exactly as given; a batch of only dead letters commits too', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      const first = [
        deadLetter(0, '3'),
        deadLetter(0, '4', { key: null, value: null, reason: 'empty value (tombstone)' }),
        deadLetter(1, '9007199254740993', {
          key: 'Zürich 🚀',
          value: `{"note": "${'é'.repeat(40_000)}"`,
          reason: 'field \'amount\': expected DOUBLE, found "x"',
        }),
        deadLetter(1, '9007199254740994', { value: `${BASE64_MARKER}/+7/AA==`, reason: 'JSON value is not an object' }),
      ];
      await sink.writeBatch([windowRow('eu', 0, 1, 1)], [{ topic: 'orders', partition: 0, offset: '5' }], undefined, first);
      expect(await harness.readDeadLetters(spec.queryId)).toEqual(first);
      expect(await read(spec)).toEqual([windowRow('eu', 0, 1, 1)]);

      const onlyDead = [deadLetter(0, '7', { timestamp: Date.UTC(1969, 11, 31, 23, 59, 59, 999) })];
      await sink.writeBatch([], [{ topic: 'orders', partition: 0, offset: '8' }], headerOnly('{"v":1}'), onlyDead);
      expect(await harness.readDeadLetters(spec.queryId)).toEqual([...first.slice(0, 2), ...onlyDead, ...first.slice(2)]);
      expect(await sink.readOffsets()).toEqual([{ topic: 'orders', partition: 0, offset: '8' }]);
      expect((await sink.readState())?.header).toBe('{"v":1}');
      // Dead letters are per query: another query's table shows none of them.
      expect(await harness.readDeadLetters(`${spec.queryId}-other`)).toEqual([]);
    });

    it('rolls dead letters back with rows and offsets when the batch fails before commit', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      await sink.writeBatch([], [{ topic: 'orders', partition: 0, offset: '2' }], undefined, [deadLetter(0, '1')]);
      const failing = await openSink(spec, { failBeforeCommit: true });
      await expect(
        failing.writeBatch([windowRow('eu', 0, 1, 1)], [{ topic: 'orders', partition: 0, offset: '5' }], undefined, [
          deadLetter(0, '3'),
          deadLetter(0, '4'),
        ]),
      ).rejects.toThrow();
      expect(await harness.readDeadLetters(spec.queryId)).toEqual([deadLetter(0, '1')]);
      expect(await sink.readOffsets()).toEqual([{ topic: 'orders', partition: 0, offset: '2' }]);
      expect(await read(spec)).toEqual([]);
    });

    it('does not duplicate the dead letters of a replayed batch: the stored one stays', async () => {
      const spec = newSpec(windowSchema, 'append');
      const sink = await openSink(spec);
      const batch = [deadLetter(0, '10'), deadLetter(2, '11')];
      await sink.writeBatch([], [{ topic: 'orders', partition: 0, offset: '11' }], undefined, batch);
      const replayed = batch.map((d) => ({ ...d, reason: 'a later attempt' }));
      // A later batch that carries the same records again (the offsets fence stops an exact replay before this).
      await (
        await openSink(spec)
      ).writeBatch(
        [],
        [
          { topic: 'orders', partition: 0, offset: '11' },
          { topic: 'orders', partition: 2, offset: '13' },
        ],
        undefined,
        [...replayed, deadLetter(2, '12')],
      );
      expect(await harness.readDeadLetters(spec.queryId)).toEqual([batch[0], batch[1], deadLetter(2, '12')]);
      // The same record failing in another query is that query's dead letter.
      const other = await openSink({ ...spec, queryId: `${spec.queryId}-other` });
      await other.writeBatch([], [], undefined, [replayed[0]!]);
      expect(await harness.readDeadLetters(`${spec.queryId}-other`)).toEqual([replayed[0]]);
    });

    it('DEAD LETTERS INTO a table: created with the dead-letter columns, filled in the batch transaction', async () => {
      const dlq = newTableName();
      const spec = { ...newSpec(windowSchema, 'append'), deadLetterTable: dlq };
      const sink = await openSink(spec);
      await sink.writeBatch([windowRow('us', 0, 2, 2)], [{ topic: 'orders', partition: 0, offset: '6' }], undefined, [deadLetter(0, '5')]);
      expect(await harness.readDeadLetters(spec.queryId, dlq)).toEqual([deadLetter(0, '5')]);
      expect(await harness.readDeadLetters(spec.queryId)).toEqual([]);
      const failing = await openSink(spec, { failBeforeCommit: true });
      await expect(
        failing.writeBatch([], [{ topic: 'orders', partition: 0, offset: '8' }], undefined, [deadLetter(0, '7')]),
      ).rejects.toThrow();
      expect(await harness.readDeadLetters(spec.queryId, dlq)).toEqual([deadLetter(0, '5')]);
      // Opening again finds the table it created.
      await openSink(spec);
    });

    it('refuses a DEAD LETTERS INTO table that exists without the dead-letter columns, naming them', async () => {
      const other = newSpec(allTypesSchema.slice(0, 2), 'append');
      await openSink(other);
      const spec = { ...newSpec(windowSchema, 'append'), deadLetterTable: other.table };
      const sink = harness.makeSink(spec);
      opened.push(sink);
      await expect(sink.open()).rejects.toThrow(
        /dead-letter table .* does not have k2o's dead-letter columns: column "query_id" is missing/i,
      );
    });
  });
}
