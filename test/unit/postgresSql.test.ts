import { describe, expect, it } from 'vitest';
import { decimal, STRING } from '../../src/core/SqlType.js';
import {
  createOffsetsTable,
  createTable,
  deleteAll,
  describeTable,
  insertRows,
  selectOffsets,
  uniqueIndexes,
  upsertOffsets,
  upsertRows,
  createStateTable,
  upsertState,
  selectState,
  createDeadLettersTable,
  insertDeadLetters,
} from '../../src/connectors/postgres/postgresSql.js';
import {
  createStateEntriesTable,
  deleteStateEntries,
  readStateEntries,
  selectStateEntries,
  upsertStateEntries,
} from '../../src/connectors/postgres/postgresStateSql.js';
import { POSTGRES_IDENTIFIERS, POSTGRES_TYPES } from '../../src/connectors/postgres/postgresTypes.js';
import { resolveSinkTable } from '../../src/connectors/relational/sinkTable.js';
import { assertTableFits } from '../../src/connectors/relational/tableCheck.js';
import { expectGolden } from '../helpers/golden.js';
import { keyIndexProblem } from '../../src/connectors/relational/uniqueKeyCheck.js';
import { nullableKeySpec, otherTypesRows, otherTypesSchema, windowRows, windowSpec } from '../helpers/sinkFixtures.js';

const offsets = [
  { topic: 'orders', partition: 0, offset: '42' },
  { topic: 'orders', partition: 1, offset: '9007199254740993' },
];

function sqlFile(sections: Record<string, string>): string {
  return Object.entries(sections)
    .map(([name, sql]) => `-- ${name}\n${sql};\n`)
    .join('\n');
}

describe('PostgreSQL SQL generation', () => {
  it('append mode: DDL, one unnest INSERT, offsets upsert', () => {
    const t = resolveSinkTable(windowSpec('append'), POSTGRES_IDENTIFIERS);
    const insert = insertRows(t, windowRows);
    expectGolden(
      'test/golden/sql/postgres-append.sql',
      sqlFile({
        createTable: createTable(t),
        createOffsetsTable: createOffsetsTable(t),
        describeTable: describeTable(t).text,
        insertRows: insert.text,
        upsertOffsets: upsertOffsets(t, 'q1', offsets).text,
        selectOffsets: selectOffsets(t, 'q1').text,
      }),
    );
    // One array per column; timestamps stay epoch ms and become TIMESTAMPTZ in SQL.
    expect(insert.values).toEqual([
      ['eu', 'us'],
      [1704067200000, 1704067200000],
      [1704067500000, 1704067500000],
      [1500.5, null],
      // DECIMAL as text, every digit.
      ['12.25', null],
    ]);
    expect(describeTable(t).values).toEqual(['"order_metrics"']);
  });

  it('passes offsets as parallel arrays, the offset as a decimal string', () => {
    const t = resolveSinkTable(windowSpec('append'), POSTGRES_IDENTIFIERS);
    expect(upsertOffsets(t, 'q1', offsets).values).toEqual(['q1', ['orders', 'orders'], [0, 1], ['42', '9007199254740993']]);
    expect(selectOffsets(t, 'q1').values).toEqual(['q1']);
  });

  it('update mode: primary key and ON CONFLICT upsert keeping the last row per key', () => {
    const t = resolveSinkTable(windowSpec('update'), POSTGRES_IDENTIFIERS);
    const later: unknown[] = ['eu', windowRows[0]?.[1], windowRows[0]?.[2], 2000, 13];
    const upsert = upsertRows(t, [...windowRows, later]);
    expectGolden(
      'test/golden/sql/postgres-update.sql',
      sqlFile({ createTable: createTable(t), uniqueIndexes: uniqueIndexes(t).text, upsertRows: upsert.text }),
    );
    expect(upsert.values[0]).toEqual(['us', 'eu']);
    expect(upsert.values[3]).toEqual([null, 2000]);
    expect(upsert.values[4]).toEqual([null, '13.00']);
  });

  it('update mode with a key that can be NULL: UNIQUE NULLS NOT DISTINCT instead of a primary key, the same ON CONFLICT', () => {
    const t = resolveSinkTable(nullableKeySpec('update'), POSTGRES_IDENTIFIERS);
    const ddl = createTable(t);
    expectGolden(
      'test/golden/sql/postgres-update-nullable-key.sql',
      sqlFile({ createTable: ddl, upsertRows: upsertRows(t, windowRows).text }),
    );
    expect(ddl).not.toContain('PRIMARY KEY');
    expect(ddl).toContain('"region" TEXT,');
    // The created table fits the query that created it: the key column stays nullable.
    const existing = t.columns.map((c) => ({
      name: c.name,
      type: POSTGRES_TYPES.ddlType(c.type).toLowerCase().replace('timestamptz', 'timestamp with time zone'),
      nullable: c.nullable,
      hasDefault: false,
    }));
    expect(() => assertTableFits(t, '"order_metrics"', existing, POSTGRES_TYPES)).not.toThrow();
  });

  it('refuses an existing unique index that treats NULLs as distinct when the key can be NULL, naming the fix', () => {
    const plain = { name: 'order_metrics_region_window_start_key', columns: ['window_start', 'region'], nullsNotDistinct: false };
    const why = 'MODE UPDATE needs to upsert';
    expect(keyIndexProblem('"order_metrics"', ['region', 'window_start'], [], [plain], why)).toBeUndefined();
    const problem = keyIndexProblem('"order_metrics"', ['region', 'window_start'], ['region'], [plain], why);
    expect(problem).toContain('treats NULLs as distinct');
    expect(problem).toContain('CREATE UNIQUE INDEX ON "order_metrics" ("region", "window_start") NULLS NOT DISTINCT');
    expect(problem).toContain('DROP INDEX order_metrics_region_window_start_key');
    expect(
      keyIndexProblem(
        '"order_metrics"',
        ['region', 'window_start'],
        ['region'],
        [plain, { ...plain, name: 'x', nullsNotDistinct: true }],
        why,
      ),
    ).toBeUndefined();
    expect(keyIndexProblem('"order_metrics"', ['region'], ['region'], [plain], why)).toMatch(
      /has no primary key or unique index on \(region\), which MODE UPDATE needs to upsert/,
    );
  });

  it('update mode with only key columns does nothing on conflict', () => {
    const spec = { ...windowSpec('update'), schema: windowSpec('update').schema.slice(0, 2) };
    const t = resolveSinkTable(spec, POSTGRES_IDENTIFIERS);
    expect(upsertRows(t, []).text).toMatch(/ON CONFLICT \("region", "window_start"\) DO NOTHING$/);
  });

  it('complete mode: DELETE then the same INSERT', () => {
    const t = resolveSinkTable(windowSpec('complete'), POSTGRES_IDENTIFIERS);
    expectGolden('test/golden/sql/postgres-complete.sql', sqlFile({ deleteAll: deleteAll(t), insertRows: insertRows(t, windowRows).text }));
  });

  it('maps the remaining types and converts their values', () => {
    const spec = { table: 'Analytics.Events', schema: otherTypesSchema, mode: 'append' as const, key: ['ID'], queryId: 'q' };
    const t = resolveSinkTable(spec, POSTGRES_IDENTIFIERS);
    const insert = insertRows(t, otherTypesRows);
    expectGolden(
      'test/golden/sql/postgres-types.sql',
      sqlFile({ createTable: createTable(t), createOffsetsTable: createOffsetsTable(t), insertRows: insert.text }),
    );
    expect(insert.values).toEqual([
      [1, 2],
      [true, false],
      [7, null],
      ['2024-02-29', null],
      [90_061_500, null],
      ['{"a":1}', '42'],
    ]);
  });
});

describe('PostgreSQL names', () => {
  const spec = windowSpec('append');

  it('folds unquoted names to lower case', () => {
    const t = resolveSinkTable({ ...spec, table: 'Sales.Order_Metrics', key: ['REGION'] }, POSTGRES_IDENTIFIERS);
    expect([t.schema, t.name, t.key]).toEqual(['sales', 'order_metrics', ['region']]);
  });

  it.each([
    ['order-metrics', /invalid PostgreSQL table name "order-metrics"/],
    ['a.b.c', /expected table or schema\.table/],
    ['x'.repeat(64), /longer than 63 characters/],
    ['t"; DROP TABLE x; --', /invalid PostgreSQL table name/],
  ])('rejects table name %s', (table, message) => {
    expect(() => resolveSinkTable({ ...spec, table }, POSTGRES_IDENTIFIERS)).toThrow(message);
  });

  it('rejects a computed column without alias, naming it', () => {
    const schema = [...spec.schema, { name: 'sum(amount)', type: STRING, nullable: true }];
    expect(() => resolveSinkTable({ ...spec, schema }, POSTGRES_IDENTIFIERS)).toThrow(/invalid PostgreSQL column name "sum\(amount\)"/);
  });

  it('rejects two columns that differ only in case', () => {
    const schema = [...spec.schema, { name: 'Region', type: STRING, nullable: true }];
    expect(() => resolveSinkTable({ ...spec, schema }, POSTGRES_IDENTIFIERS)).toThrow(/columns "region" and "Region" are the same column/);
  });

  it('rejects update mode without key and keys that are not columns', () => {
    expect(() => resolveSinkTable({ ...spec, mode: 'update' }, POSTGRES_IDENTIFIERS)).toThrow(/needs KEY/);
    expect(() => resolveSinkTable({ ...spec, key: ['nope'] }, POSTGRES_IDENTIFIERS)).toThrow(/key column "nope" is not a column/);
  });
});

describe('PostgreSQL existing-table check', () => {
  const t = resolveSinkTable(windowSpec('append'), POSTGRES_IDENTIFIERS);
  const fitting = [
    { name: 'region', type: 'text', nullable: false, hasDefault: false },
    { name: 'window_start', type: 'timestamp with time zone', nullable: false, hasDefault: false },
    { name: 'window_end', type: 'timestamp with time zone', nullable: true, hasDefault: false },
    { name: 'sum_amount', type: 'double precision', nullable: true, hasDefault: false },
    { name: 'avg_price', type: 'numeric(14,2)', nullable: true, hasDefault: false },
    { name: 'id', type: 'bigint', nullable: false, hasDefault: true },
  ];

  it('accepts a table that holds every value', () => {
    expect(() => assertTableFits(t, '"order_metrics"', fitting, POSTGRES_TYPES)).not.toThrow();
  });

  it('names each missing or mismatched column', () => {
    const existing = [
      { name: 'region', type: 'text', nullable: false, hasDefault: false },
      { name: 'window_start', type: 'timestamp without time zone', nullable: false, hasDefault: false },
      { name: 'window_end', type: 'timestamp with time zone', nullable: false, hasDefault: false },
      { name: 'sum_amount', type: 'double precision', nullable: false, hasDefault: false },
      { name: 'extra', type: 'text', nullable: false, hasDefault: false },
    ];
    expect(() => assertTableFits(t, '"order_metrics"', existing, POSTGRES_TYPES)).toThrow(
      'table "order_metrics" exists but does not match the query: ' +
        'column "window_start" has type timestamp without time zone, expected TIMESTAMPTZ; ' +
        'column "sum_amount" is NOT NULL but the query can write NULL into it; ' +
        'column "avg_price" is missing (expected NUMERIC(12,2)); ' +
        'column "extra" is NOT NULL without a default and the query does not write it',
    );
  });

  it('rejects a DECIMAL column with another scale or fewer digits', () => {
    const t2 = resolveSinkTable(
      { ...windowSpec('append'), schema: [{ name: 'p', type: decimal(12, 2), nullable: true }] },
      POSTGRES_IDENTIFIERS,
    );
    for (const type of ['numeric(12,3)', 'numeric(10,2)', 'double precision']) {
      expect(() => assertTableFits(t2, 't', [{ name: 'p', type, nullable: true, hasDefault: false }], POSTGRES_TYPES)).toThrow(
        `column "p" has type ${type}`,
      );
    }
  });
  it('state: one row per query, upserted in the batch transaction', () => {
    const t = resolveSinkTable(windowSpec('append'), POSTGRES_IDENTIFIERS);
    const upsert = upsertState(t, 'q1', '{"watermark":1}');
    expectGolden(
      'test/golden/sql/postgres-state.sql',
      [createStateTable(t), upsert.text, selectState(t, 'q1').text].map((x) => `${x};\n`).join('\n'),
    );
    expect(upsert.values).toEqual(['q1', '{"watermark":1}']);
  });

  it('state entries: a row per operator key, upserted and deleted as arrays in the batch transaction', () => {
    const t = resolveSinkTable(windowSpec('append'), POSTGRES_IDENTIFIERS);
    const entries = [
      { operator: 'Agg#2:ab', keyGroup: 5, key: '60000/eustring', value: '[["eu"],[1],0]' },
      { operator: 'Dedup#1:cd', keyGroup: 9, key: 'a\u0000b', value: '5' },
      { operator: 'Dedup#1:cd', keyGroup: 9, key: 'json:x', value: '6' },
    ];
    const upsert = upsertStateEntries(t, 'q1', entries);
    const remove = deleteStateEntries(t, 'q1', entries.slice(0, 1));
    expectGolden(
      'test/golden/sql/postgres-state-entries.sql',
      [createStateEntriesTable(t), upsert.text, remove.text, selectStateEntries(t, 'q1').text].map((x) => `${x};\n`).join('\n'),
    );
    // A key PostgreSQL text cannot hold, and one that looks like an escaped key, are stored as JSON text and read back as they were.
    expect(upsert.values).toEqual([
      'q1',
      ['Agg#2:ab', 'Dedup#1:cd', 'Dedup#1:cd'],
      [5, 9, 9],
      ['60000/eustring', 'json:"a\\u0000b"', 'json:"json:x"'],
      ['[["eu"],[1],0]', '5', '6'],
    ]);
    expect(remove.values).toEqual(['q1', ['Agg#2:ab'], [5], ['60000/eustring']]);
    const stored = (upsert.values[1] as string[]).map((operator, i) => ({
      operator,
      keyGroup: (upsert.values[2] as number[])[i],
      key: (upsert.values[3] as string[])[i],
      value: (upsert.values[4] as string[])[i],
    }));
    expect(readStateEntries(stored)).toEqual(entries);
  });
});

describe('PostgreSQL dead letters', () => {
  const deadLetters = [
    {
      topic: 'orders',
      partition: 0,
      offset: '17',
      timestamp: 1704067200123,
      key: 'k1',
      value: '{"order_id": "broken',
      reason: 'not valid JSON',
    },
    { topic: 'orders', partition: 2, offset: '9007199254740993', timestamp: 0, key: null, value: null, reason: 'empty value (tombstone)' },
  ];

  it('k2o_dead_letters beside the table, keyed by query and record; replays do nothing', () => {
    const t = resolveSinkTable({ ...windowSpec('append'), table: 'Sales.Order_Metrics' }, POSTGRES_IDENTIFIERS);
    const insert = insertDeadLetters(t, 'q1', deadLetters);
    expectGolden(
      'test/golden/sql/postgres-dead-letters.sql',
      sqlFile({
        createDeadLettersTable: createDeadLettersTable(t),
        describeDeadLettersTable: describeTable(t.deadLetters).text,
        deadLettersUniqueIndexes: uniqueIndexes(t.deadLetters).text,
        insertDeadLetters: insert.text,
      }),
    );
    expect(describeTable(t.deadLetters).values).toEqual(['"sales"."k2o_dead_letters"']);
    expect(insert.values).toEqual([
      'q1',
      ['orders', 'orders'],
      [0, 2],
      ['17', '9007199254740993'],
      [1704067200123, 0],
      ['k1', null],
      ['{"order_id": "broken', null],
      ['not valid JSON', 'empty value (tombstone)'],
    ]);
  });

  it('DEAD LETTERS INTO names the table, folded and checked like any table name', () => {
    const t = resolveSinkTable({ ...windowSpec('append'), deadLetterTable: 'Ops.My_DLQ' }, POSTGRES_IDENTIFIERS);
    expect(t.deadLetters).toEqual({ schema: 'ops', name: 'my_dlq' });
    expect(createDeadLettersTable(t)).toMatch(/^CREATE TABLE IF NOT EXISTS "ops"\."my_dlq" \(/);
    expect(insertDeadLetters(t, 'q1', deadLetters).text).toMatch(/^INSERT INTO "ops"\."my_dlq" /);
    expect(() => resolveSinkTable({ ...windowSpec('append'), deadLetterTable: 'my-dlq' }, POSTGRES_IDENTIFIERS)).toThrow(
      /invalid PostgreSQL table name "my-dlq"/,
    );
    expect(() => resolveSinkTable({ ...windowSpec('append'), deadLetterTable: 'ORDER_METRICS' }, POSTGRES_IDENTIFIERS)).toThrow(
      /DEAD LETTERS INTO names the query's own table/,
    );
  });
});
