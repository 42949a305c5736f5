import oracledb from 'oracledb';
import { describe, expect, it } from 'vitest';
import { STRING } from '../../src/core/SqlType.js';
import {
  createOffsetsTable,
  createTable,
  deleteAll,
  describeTable,
  ignoringExisting,
  insertRows,
  mergeOffsets,
  mergeRows,
  selectOffsets,
  createStateTable,
  mergeState,
  selectState,
  createDeadLettersTable,
  DEAD_LETTER_COLUMNS,
  mergeDeadLetters,
} from '../../src/connectors/oracle/oracleSql.js';
import {
  createStateEntriesTable,
  deleteStateEntries,
  mergeStateEntries,
  readStateEntries,
  selectStateEntries,
} from '../../src/connectors/oracle/oracleStateSql.js';
import { formatCatalogType, ORACLE_IDENTIFIERS, ORACLE_TYPES } from '../../src/connectors/oracle/oracleTypes.js';
import { parseOracleUrl } from '../../src/connectors/oracle/oracleUrl.js';
import { resolveSinkTable } from '../../src/connectors/relational/sinkTable.js';
import { assertTableFits } from '../../src/connectors/relational/tableCheck.js';
import { expectGolden } from '../helpers/golden.js';
import { nullableKeySpec, otherTypesRows, otherTypesSchema, windowRows, windowSpec } from '../helpers/sinkFixtures.js';

const offsets = [
  { topic: 'orders', partition: 0, offset: '42' },
  { topic: 'orders', partition: 1, offset: '9007199254740993' },
];

const VARCHAR = oracledb.DB_TYPE_VARCHAR;
const NUMBER = oracledb.DB_TYPE_NUMBER;
const TSTZ = oracledb.DB_TYPE_TIMESTAMP_TZ;
const DOUBLE = oracledb.DB_TYPE_BINARY_DOUBLE;

function sqlFile(sections: Record<string, string>): string {
  return Object.entries(sections)
    .map(([name, sql]) => `-- ${name}\n${sql}\n/\n`)
    .join('\n');
}

const jan1 = new Date(Date.UTC(2024, 0, 1, 0, 0));
const jan1plus5 = new Date(Date.UTC(2024, 0, 1, 0, 5));

describe('Oracle SQL generation', () => {
  it('append mode: DDL in an ORA-00955-tolerant block, INSERT for executeMany, offsets MERGE', () => {
    const t = resolveSinkTable(windowSpec('append'), ORACLE_IDENTIFIERS);
    const insert = insertRows(t, windowRows);
    const offsetsMerge = mergeOffsets(t, 'q1', offsets);
    expectGolden(
      'test/golden/sql/oracle-append.sql',
      sqlFile({
        createTable: ignoringExisting(createTable(t)),
        createOffsetsTable: ignoringExisting(createOffsetsTable(t)),
        describeTable: describeTable(t).sql,
        insertRows: insert.sql,
        mergeOffsets: offsetsMerge.sql,
        selectOffsets: selectOffsets(t, 'q1').sql,
      }),
    );
    expect(insert.bindDefs).toEqual([
      { type: VARCHAR, maxSize: 4000 },
      { type: TSTZ },
      { type: TSTZ },
      { type: DOUBLE },
      { type: VARCHAR, maxSize: 39 },
    ]);
    // One array per row, in column order; epoch ms become Dates for the TSTZ binds;
    // a DECIMAL(12,2) as its unscaled digits, scaled by TO_NUMBER(:5) * 1E-2.
    expect(insert.binds).toEqual([
      ['eu', jan1, jan1plus5, 1500.5, '1225'],
      ['us', jan1, jan1plus5, null, null],
    ]);
    expect(insert.binds[0]?.[1]).toBeInstanceOf(Date);
    expect(describeTable(t).binds).toEqual([null, 'ORDER_METRICS']);
  });

  it('binds offsets as text for TO_NUMBER, one row per partition', () => {
    const t = resolveSinkTable(windowSpec('append'), ORACLE_IDENTIFIERS);
    const merge = mergeOffsets(t, 'q1', offsets);
    expect(merge.bindDefs).toEqual([
      { type: VARCHAR, maxSize: 512 },
      { type: VARCHAR, maxSize: 512 },
      { type: NUMBER },
      { type: VARCHAR, maxSize: 20 },
    ]);
    expect(merge.binds).toEqual([
      ['q1', 'orders', 0, '42'],
      ['q1', 'orders', 1, '9007199254740993'],
    ]);
    expect(selectOffsets(t, 'q1').binds).toEqual(['q1']);
  });

  it('update mode: primary key with narrower key strings and a MERGE per row, last row per key', () => {
    const t = resolveSinkTable(windowSpec('update'), ORACLE_IDENTIFIERS);
    const later: unknown[] = ['eu', windowRows[0]?.[1], windowRows[0]?.[2], 2000, 13];
    const merge = mergeRows(t, [...windowRows, later]);
    expectGolden('test/golden/sql/oracle-update.sql', sqlFile({ createTable: createTable(t), mergeRows: merge.sql }));
    expect(merge.bindDefs[0]).toEqual({ type: VARCHAR, maxSize: 1000 });
    expect(merge.binds).toEqual([
      ['us', jan1, jan1plus5, null, null],
      ['eu', jan1, jan1plus5, 2000, '1300'],
    ]);
  });

  it('update mode with a key that can be NULL: a UNIQUE constraint, and MERGE matching NULL keys with DECODE', () => {
    const t = resolveSinkTable(nullableKeySpec('update'), ORACLE_IDENTIFIERS);
    const ddl = createTable(t);
    const merge = mergeRows(t, [...windowRows, [null, jan1.getTime(), jan1plus5.getTime(), 1, 1]]);
    expectGolden('test/golden/sql/oracle-update-nullable-key.sql', sqlFile({ createTable: ddl, mergeRows: merge.sql }));
    expect(ddl).not.toContain('PRIMARY KEY');
    expect(ddl).toContain('UNIQUE ("REGION", "WINDOW_START")');
    // NULL = NULL is never true in SQL; DECODE treats the two NULLs as the same key. The NOT NULL key column keeps `=`.
    expect(merge.sql).toContain('ON (DECODE(t."REGION", s."REGION", 1, 0) = 1 AND t."WINDOW_START" = s."WINDOW_START")');
    expect(merge.binds.map((b) => b[0])).toEqual(['eu', 'us', null]);
  });

  it('update mode with only key columns has no WHEN MATCHED clause', () => {
    const spec = { ...windowSpec('update'), schema: windowSpec('update').schema.slice(0, 2) };
    const sql = mergeRows(resolveSinkTable(spec, ORACLE_IDENTIFIERS), []).sql;
    expect(sql).not.toContain('WHEN MATCHED');
    expect(sql).toContain('WHEN NOT MATCHED THEN INSERT ("REGION", "WINDOW_START")');
  });

  it('complete mode: DELETE then the same INSERT', () => {
    const t = resolveSinkTable(windowSpec('complete'), ORACLE_IDENTIFIERS);
    expectGolden('test/golden/sql/oracle-complete.sql', sqlFile({ deleteAll: deleteAll(t), insertRows: insertRows(t, windowRows).sql }));
  });

  it('maps the remaining types: booleans as 1/0, dates through TO_DATE, intervals from ms', () => {
    const spec = { table: 'Analytics.Events', schema: otherTypesSchema, mode: 'append' as const, key: ['ID'], queryId: 'q' };
    const t = resolveSinkTable(spec, ORACLE_IDENTIFIERS);
    const insert = insertRows(t, otherTypesRows);
    expectGolden(
      'test/golden/sql/oracle-types.sql',
      sqlFile({ createTable: createTable(t), createOffsetsTable: createOffsetsTable(t), insertRows: insert.sql }),
    );
    expect(insert.bindDefs).toEqual([
      { type: NUMBER },
      { type: NUMBER },
      { type: NUMBER },
      { type: VARCHAR, maxSize: 10 },
      { type: NUMBER },
      { type: VARCHAR, maxSize: 4000 },
    ]);
    expect(insert.binds).toEqual([
      [1, 1, 7, '2024-02-29', 90_061_500, '{"a":1}'],
      [2, 0, null, null, null, '42'],
    ]);
    expect(describeTable(t).binds).toEqual(['ANALYTICS', 'EVENTS']);
  });

  it('doubles quotes when embedding DDL in the PL/SQL block', () => {
    expect(ignoringExisting("CREATE TABLE t (c VARCHAR2(1) DEFAULT 'x')")).toContain(
      "EXECUTE IMMEDIATE 'CREATE TABLE t (c VARCHAR2(1) DEFAULT ''x'')';",
    );
  });
});

describe('Oracle names', () => {
  it('folds unquoted names to upper case and allows 128 characters', () => {
    const t = resolveSinkTable(
      { ...windowSpec('update'), table: `s.${'t'.repeat(128)}`, key: ['Region', 'WINDOW_START'] },
      ORACLE_IDENTIFIERS,
    );
    expect([t.schema, t.name.length, t.key]).toEqual(['S', 128, ['REGION', 'WINDOW_START']]);
    expect(() => resolveSinkTable({ ...windowSpec('append'), table: 't'.repeat(129) }, ORACLE_IDENTIFIERS)).toThrow(
      /longer than 128 characters/,
    );
  });

  it('rejects names that are not identifiers', () => {
    const schema = [{ name: 'amount total', type: STRING, nullable: true }];
    expect(() => resolveSinkTable({ ...windowSpec('append'), schema }, ORACLE_IDENTIFIERS)).toThrow(
      /invalid Oracle column name "amount total"/,
    );
  });
});

describe('Oracle existing-table check', () => {
  const t = resolveSinkTable(windowSpec('update'), ORACLE_IDENTIFIERS);
  const col = (name: string, dataType: string, nullable = true, precision: number | null = null, scale: number | null = null) => ({
    name,
    type: formatCatalogType({ dataType, precision, scale, dataLength: dataType === 'VARCHAR2' ? 1000 : 0 }),
    nullable,
    hasDefault: false,
  });

  it('formats catalog types the way DDL spells them', () => {
    const f = (dataType: string, precision: number | null, scale: number | null, dataLength = 0) =>
      formatCatalogType({ dataType, precision, scale, dataLength });
    expect([f('NUMBER', 12, 2), f('NUMBER', null, 0), f('NUMBER', null, null), f('VARCHAR2', null, null, 4000)]).toEqual([
      'NUMBER(12,2)',
      'NUMBER(*,0)',
      'NUMBER',
      'VARCHAR2(4000 BYTE)',
    ]);
  });

  it('accepts the table it would create', () => {
    const existing = [
      col('REGION', 'VARCHAR2', false),
      col('WINDOW_START', 'TIMESTAMP(3)', false),
      col('WINDOW_END', 'TIMESTAMP(6)', false),
      col('SUM_AMOUNT', 'BINARY_DOUBLE'),
      col('AVG_PRICE', 'NUMBER', true, 12, 2),
    ];
    expect(() => assertTableFits(t, '"ORDER_METRICS"', existing, ORACLE_TYPES)).not.toThrow();
  });

  it('rejects TIMESTAMP WITH TIME ZONE and narrower numbers, naming the columns', () => {
    const existing = [
      col('REGION', 'VARCHAR2', false),
      col('WINDOW_START', 'TIMESTAMP(3) WITH TIME ZONE', false),
      col('WINDOW_END', 'TIMESTAMP(3)', false),
      col('SUM_AMOUNT', 'BINARY_DOUBLE'),
      col('AVG_PRICE', 'NUMBER', true, 10, 2),
    ];
    expect(() => assertTableFits(t, '"ORDER_METRICS"', existing, ORACLE_TYPES)).toThrow(
      'table "ORDER_METRICS" exists but does not match the query: ' +
        'column "WINDOW_START" has type TIMESTAMP(3) WITH TIME ZONE, expected TIMESTAMP(3); ' +
        'column "AVG_PRICE" has type NUMBER(10,2), expected NUMBER(12,2)',
    );
  });
});

describe('Oracle URL', () => {
  it('parses user, password and Easy Connect string', () => {
    expect(parseOracleUrl('oracle://k2o:s%40cret@db.example:1522/FREEPDB1')).toEqual({
      user: 'k2o',
      password: 's@cret',
      connectString: 'db.example:1522/FREEPDB1',
    });
    expect(parseOracleUrl('oracle://k2o:pw@localhost/XEPDB1').connectString).toBe('localhost:1521/XEPDB1');
  });

  it('rejects malformed URLs without echoing the password', () => {
    for (const url of ['postgres://k2o:topsecret@h/db', 'oracle://k2o:topsecret@h', 'oracle://h:1521/svc']) {
      expect(() => parseOracleUrl(url)).toThrow(/invalid Oracle URL/);
      expect(() => parseOracleUrl(url)).not.toThrow(/topsecret/);
    }
  });
  it('state: one CLOB row per query, MERGEd in the batch transaction', () => {
    const t = resolveSinkTable(windowSpec('append'), ORACLE_IDENTIFIERS);
    const merge = mergeState(t, 'q1', '{"watermark":1}');
    expectGolden(
      'test/golden/sql/oracle-state.sql',
      sqlFile({ createStateTable: ignoringExisting(createStateTable(t)), mergeState: merge.sql, selectState: selectState(t, 'q1').sql }),
    );
    expect(merge.binds).toEqual([
      'q1',
      { type: oracledb.DB_TYPE_CLOB, val: '{"watermark":1}' },
      { type: oracledb.DB_TYPE_CLOB, val: '{"watermark":1}' },
    ]);
  });

  it('state entries: a row per operator key, MERGEd and deleted by executeMany in the batch transaction', () => {
    const t = resolveSinkTable(windowSpec('append'), ORACLE_IDENTIFIERS);
    const entries = [
      { operator: 'Agg#2:ab', keyGroup: 5, key: '60000/eustring', value: '[["eu"],[1],0]' },
      { operator: 'Dedup#1:cd', keyGroup: 9, key: 'zürich', value: '5' },
    ];
    const merge = mergeStateEntries(t, 'q1', entries);
    const remove = deleteStateEntries(t, 'q1', entries);
    expectGolden(
      'test/golden/sql/oracle-state-entries.sql',
      sqlFile({
        createStateEntriesTable: ignoringExisting(createStateEntriesTable(t)),
        mergeStateEntries: merge.sql,
        deleteStateEntries: remove.sql,
        selectStateEntries: selectStateEntries(t, 'q1').sql,
      }),
    );
    expect(merge.binds).toEqual([
      ['q1', 'Agg#2:ab', 5, '60000/eustring', '[["eu"],[1],0]', '[["eu"],[1],0]'],
      ['q1', 'Dedup#1:cd', 9, 'zürich', '5', '5'],
    ]);
    // The key's bind is sized by the longest key in bytes ('60000/eustring', 14), the value bound as a CLOB.
    expect(merge.bindDefs).toEqual([
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 512 },
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 128 },
      { type: oracledb.DB_TYPE_NUMBER },
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 14 },
      { type: oracledb.DB_TYPE_CLOB },
      { type: oracledb.DB_TYPE_CLOB },
    ]);
    expect(remove.bindDefs).toEqual(merge.bindDefs.slice(0, 4));
    expect(readStateEntries([['Agg#2:ab', 5, '60000/eustring', '[1]']])).toEqual([
      { operator: 'Agg#2:ab', keyGroup: 5, key: '60000/eustring', value: '[1]' },
    ]);
  });
});

describe('Oracle dead letters', () => {
  const deadLetters = [
    {
      topic: 'orders',
      partition: 0,
      offset: '17',
      timestamp: Date.UTC(2024, 0, 1, 0, 0, 0, 123),
      key: 'k1',
      value: '{"order_id": "broken',
      reason: 'not valid JSON',
    },
    { topic: 'orders', partition: 2, offset: '9007199254740993', timestamp: 0, key: null, value: null, reason: 'empty value (tombstone)' },
  ];

  it('K2O_DEAD_LETTERS beside the table, key and value as CLOBs, a MERGE per record that never updates', () => {
    const t = resolveSinkTable({ ...windowSpec('append'), table: 'Sales.Order_Metrics' }, ORACLE_IDENTIFIERS);
    const merge = mergeDeadLetters(t, 'q1', deadLetters);
    expectGolden(
      'test/golden/sql/oracle-dead-letters.sql',
      sqlFile({
        createDeadLettersTable: ignoringExisting(createDeadLettersTable(t)),
        describeDeadLettersTable: describeTable(t.deadLetters).sql,
        mergeDeadLetters: merge.sql,
      }),
    );
    expect(merge.sql).not.toContain('WHEN MATCHED');
    expect(describeTable(t.deadLetters).binds).toEqual(['SALES', 'K2O_DEAD_LETTERS']);
    expect(merge.bindDefs).toEqual([
      { type: VARCHAR, maxSize: 512 },
      { type: VARCHAR, maxSize: 512 },
      { type: NUMBER },
      { type: VARCHAR, maxSize: 20 },
      { type: TSTZ },
      { type: oracledb.DB_TYPE_CLOB },
      { type: oracledb.DB_TYPE_CLOB },
      { type: VARCHAR, maxSize: 4000 },
    ]);
    expect(merge.binds).toEqual([
      ['q1', 'orders', 0, '17', new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 123)), 'k1', '{"order_id": "broken', 'not valid JSON'],
      ['q1', 'orders', 2, '9007199254740993', new Date(0), null, null, 'empty value (tombstone)'],
    ]);
  });

  it('DEAD LETTERS INTO names the table, folded to upper case', () => {
    const t = resolveSinkTable({ ...windowSpec('append'), deadLetterTable: 'my_dlq' }, ORACLE_IDENTIFIERS);
    expect(t.deadLetters).toEqual({ schema: undefined, name: 'MY_DLQ' });
    expect(mergeDeadLetters(t, 'q1', deadLetters).sql).toMatch(/^MERGE INTO "MY_DLQ" t\n/);
  });

  it('accepts an existing dead-letter table with wider columns, refuses one that would cut values', () => {
    const fits = (name: string, type: string) => DEAD_LETTER_COLUMNS.find((c) => c.name === name)!.accepts(type);
    expect([
      fits('QUERY_ID', 'VARCHAR2(1000 BYTE)'),
      fits('RECORD_OFFSET', 'NUMBER'),
      fits('REASON', 'CLOB'),
      fits('RECORD_TIMESTAMP', 'TIMESTAMP(6)'),
    ]).toEqual([true, true, true, true]);
    expect([
      fits('RECORD_VALUE', 'VARCHAR2(4000 BYTE)'),
      fits('QUERY_ID', 'VARCHAR2(100 BYTE)'),
      fits('RECORD_OFFSET', 'NUMBER(10,0)'),
      fits('REASON', 'VARCHAR2(2000 BYTE)'),
    ]).toEqual([false, false, false, false]);
  });
});
