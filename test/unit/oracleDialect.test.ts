import oracledb from 'oracledb';
import { describe, expect, it } from 'vitest';
import { ORACLE_DIALECT } from '../../src/connectors/oracle/oracleDialect.js';
import {
  createDeadLettersTable,
  createOffsetsTable,
  createStateTable,
  createTable,
  deleteAll,
  describeTable,
  ignoringExisting,
  insertRows,
  mergeDeadLetters,
  mergeOffsets,
  mergeRows,
  mergeState,
  selectOffsets,
  selectState,
} from '../../src/connectors/oracle/oracleSql.js';
import { resolveSinkTable } from '../../src/connectors/relational/sinkTable.js';
import { windowRows, windowSpec } from '../helpers/sinkFixtures.js';

// Oracle is not on this machine (DESIGN §4): this pins what the dialect hands the
// sink to oracleSql's golden statements, and how it reads node-oracledb's rows.
const t = resolveSinkTable(windowSpec('update'), ORACLE_DIALECT.identifiers);
const offsets = [{ topic: 'orders', partition: 1, offset: '9007199254740993' }];
const deadLetter = { topic: 'orders', partition: 0, offset: '7', timestamp: 0, key: null, value: 'x', reason: 'bad' };

describe('ORACLE_DIALECT', () => {
  it('creates each table in an ORA-00955-tolerant block, without binds', () => {
    expect(ORACLE_DIALECT.createTable(t)).toEqual({ sql: ignoringExisting(createTable(t)), binds: [] });
    expect(ORACLE_DIALECT.createOffsetsTable(t)).toEqual({ sql: ignoringExisting(createOffsetsTable(t)), binds: [] });
    expect(ORACLE_DIALECT.createStateTable(t)).toEqual({ sql: ignoringExisting(createStateTable(t)), binds: [] });
    expect(ORACLE_DIALECT.createDeadLettersTable(t)).toEqual({ sql: ignoringExisting(createDeadLettersTable(t)), binds: [] });
  });

  it("runs oracleSql's statements, upserts as MERGE, rows and offsets and dead letters through executeMany", () => {
    expect(ORACLE_DIALECT.deleteAll(t)).toEqual({ sql: deleteAll(t), binds: [] });
    expect(ORACLE_DIALECT.insertRows(t, windowRows)).toEqual(insertRows(t, windowRows));
    expect(ORACLE_DIALECT.upsertRows(t, windowRows)).toEqual(mergeRows(t, windowRows));
    expect(ORACLE_DIALECT.upsertOffsets(t, 'q1', offsets)).toEqual(mergeOffsets(t, 'q1', offsets));
    expect(ORACLE_DIALECT.upsertState(t, 'q1', '{}')).toEqual(mergeState(t, 'q1', '{}'));
    expect(ORACLE_DIALECT.insertDeadLetters(t, 'q1', [deadLetter])).toEqual(mergeDeadLetters(t, 'q1', [deadLetter]));
  });

  it('reads offsets from array rows, the FOR UPDATE read inside the batch', () => {
    const forUpdate = ORACLE_DIALECT.selectOffsets(t, 'q1', { forUpdate: true });
    expect(forUpdate.statement).toEqual(selectOffsets(t, 'q1', { forUpdate: true }));
    expect(ORACLE_DIALECT.selectOffsets(t, 'q1', { forUpdate: false }).statement).toEqual(selectOffsets(t, 'q1'));
    expect(forUpdate.read([['orders', 1, '9007199254740993']])).toEqual(offsets);
  });

  it('fetches state (a CLOB) as a string; none stored reads as undefined', () => {
    const state = ORACLE_DIALECT.selectState(t, 'q1');
    expect(state.statement).toEqual({ ...selectState(t, 'q1'), options: { fetchInfo: { STATE: { type: oracledb.STRING } } } });
    expect(state.read([['{"v":1}']])).toBe('{"v":1}');
    expect(state.read([])).toBeUndefined();
  });

  it('describes a table from catalog objects, in the spelling tableCheck matches', () => {
    const catalogRead = ORACLE_DIALECT.describeTable(t);
    expect(catalogRead.statement).toEqual({ ...describeTable(t), options: { outFormat: oracledb.OUT_FORMAT_OBJECT } });
    const catalog = (name: string, dataType: string, extra: object) => ({
      name,
      dataType,
      precision: null,
      scale: null,
      dataLength: 0,
      nullable: 'Y',
      defaultLength: null,
      ...extra,
    });
    expect(
      catalogRead.read([
        catalog('REGION', 'VARCHAR2', { dataLength: 1000, nullable: 'N' }),
        catalog('SUM_AMOUNT', 'NUMBER', { precision: 12, scale: 2, defaultLength: 1 }),
      ]),
    ).toEqual([
      { name: 'REGION', type: 'VARCHAR2(1000 BYTE)', nullable: false, hasDefault: false },
      { name: 'SUM_AMOUNT', type: 'NUMBER(12,2)', nullable: true, hasDefault: true },
    ]);
  });

  it('needs no unique key on an existing table (MERGE matches by the key columns), and retries a lost connection', () => {
    expect(ORACLE_DIALECT.uniqueKeys).toBeUndefined();
    expect(ORACLE_DIALECT.classify(new Error('ORA-03113: end-of-file on communication channel')).kind).toBe('transient');
  });
});
