import type oracledb from 'oracledb';
import { describe, expect, it } from 'vitest';
import { ORACLE_DIALECT } from '../../src/connectors/oracle/oracleDialect.js';
import { OracleSession } from '../../src/connectors/oracle/oracleSession.js';
import { refusedRow } from '../../src/connectors/relational/refusedRow.js';
import { INT, STRING } from '../../src/core/SqlType.js';
import type { SinkSpec } from '../../src/runtime/ports/Sink.js';

// No Oracle runs here: what node-oracledb is asked and what it answers with batchErrors, pinned.
describe('Oracle rows the database refuses: executeMany with batchErrors', () => {
  it('asks for batchErrors inside the transaction and returns each refused row by index', async () => {
    const calls: { sql: string; options: oracledb.ExecuteManyOptions }[] = [];
    const refusal = (offset: number, message: string) =>
      Object.assign(new Error(message), { offset, errorNum: Number(message.slice(4, 9)), code: message.slice(0, 9) });
    const conn = {
      executeMany: async (sql: string, _binds: unknown, options: oracledb.ExecuteManyOptions) => {
        calls.push({ sql, options });
        return {
          rowsAffected: 3,
          batchErrors: [
            refusal(1, 'ORA-02290: check constraint (K2O.AMOUNT_NOT_NEGATIVE) violated'),
            refusal(4, 'ORA-12899: value too large for column "K2O"."T"."LABEL" (actual: 8, maximum: 5)'),
          ],
        };
      },
    } as unknown as oracledb.Connection;
    const refused = await new OracleSession(conn).executeRows({ sql: 'INSERT INTO t VALUES (:1, :2)', binds: [], bindDefs: [] });
    expect(calls.map((c) => c.options)).toEqual([{ bindDefs: [], autoCommit: false, batchErrors: true }]);
    expect(refused.map((r) => [r.index, ORACLE_DIALECT.classify(r.error)])).toEqual([
      [1, { kind: 'row', code: 'ORA-02290' }],
      [4, { kind: 'row', code: 'ORA-12899' }],
    ]);
  });

  it('a refused row becomes a dead letter holding the row as JSON and the reason', () => {
    const spec: SinkSpec = {
      table: 't',
      schema: [
        { name: 'id', type: INT, nullable: false },
        { name: 'label', type: STRING, nullable: false },
      ],
      mode: 'append',
      key: [],
      queryId: 'q',
    };
    const error = new Error('ORA-12899: value too large for column "K2O"."T"."LABEL" (actual: 8, maximum: 5)');
    const letter = refusedRow(spec, 'Oracle', [4, 'too long'], error, 'ORA-12899');
    expect(letter).toMatchObject({
      topic: 't',
      partition: -1,
      key: null,
      value: '{"id":4,"label":"too long"}',
      reason: 'Oracle refused the row (ORA-12899): ORA-12899: value too large for column "K2O"."T"."LABEL" (actual: 8, maximum: 5)',
    });
    // The same row always gets the same identity, so a replayed batch stores it once.
    expect(refusedRow(spec, 'Oracle', [4, 'too long'], error, 'ORA-12899').offset).toBe(letter.offset);
    expect(BigInt(letter.offset)).toBeGreaterThanOrEqual(0n);
  });
});
