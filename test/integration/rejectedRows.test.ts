import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { INT, STRING } from '../../src/core/SqlType.js';
import type { Row } from '../../src/core/Schema.js';
import { POSTGRES_DIALECT } from '../../src/connectors/postgres/postgresDialect.js';
import { PostgresSessions } from '../../src/connectors/postgres/postgresSession.js';
import { TransactionalSink } from '../../src/connectors/relational/TransactionalSink.js';
import type { SinkMode, SinkSpec } from '../../src/runtime/ports/Sink.js';

const url = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';

/**
 * Rows the database refuses (issue 12, rejected rows): into an existing table
 * with a CHECK constraint and a varchar(5), a batch of 200 rows of which 3 break
 * the constraint and 2 are too long. The batch is split under savepoints inside
 * its transaction: exactly those 5 are dead letters with their SQLSTATE and the
 * server's message, every other row is in the table, the offsets move on.
 */
describe('TransactionalSink on PostgreSQL: rows the database refuses', () => {
  const bad = new Map<number, string>([
    [17, '23514'],
    [64, '23514'],
    [199, '23514'],
    [3, '22001'],
    [120, '22001'],
  ]);
  const rowOf = (id: number): Row => [id, bad.get(id) === '23514' ? -id : id * 10, bad.get(id) === '22001' ? 'too long' : `r${id}`];

  for (const mode of ['append', 'update'] as SinkMode[]) {
    it(`${mode}: the 5 refused rows are dead letters with SQLSTATE and message; the other 195 commit`, async () => {
      const client = new pg.Client(url);
      await client.connect();
      const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
      const table = `k2o_refused_${mode}_${suffix}`;
      const spec: SinkSpec = {
        table,
        schema: [
          { name: 'id', type: INT, nullable: false },
          { name: 'amount', type: INT, nullable: false },
          { name: 'label', type: STRING, nullable: false },
        ],
        mode,
        key: mode === 'update' ? ['id'] : [],
        queryId: `refused-${mode}-${suffix}`,
      };
      const sink = new TransactionalSink(spec, POSTGRES_DIALECT, new PostgresSessions(url));
      try {
        await client.query(
          `CREATE TABLE ${table} (id INTEGER NOT NULL${mode === 'update' ? ' PRIMARY KEY' : ''}, ` +
            `amount INTEGER NOT NULL CONSTRAINT amount_not_negative CHECK (amount >= 0), label VARCHAR(5) NOT NULL)`,
        );
        await sink.open();
        const rows = Array.from({ length: 200 }, (_, id) => rowOf(id));
        const offsets = [{ topic: 'orders', partition: 0, offset: '200' }];
        // The sink says how many it refused: the runner counts them as dead letters, not as rows out.
        expect(await sink.writeBatch(rows, offsets, undefined, [], [{ topic: 'orders', partition: 0, offset: '0' }])).toEqual({
          refusedRows: bad.size,
        });

        const stored = (await client.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((r) => r.id);
        expect(stored).toEqual(rows.map((r) => r[0] as number).filter((id) => !bad.has(id)));
        expect(await sink.readOffsets()).toEqual(offsets);
        const letters = (
          await client.query<{ topic: string; partition: number; record_value: string; reason: string }>(
            'SELECT topic, partition, record_value, reason FROM k2o_dead_letters WHERE query_id = $1',
            [spec.queryId],
          )
        ).rows.map((l) => ({ ...l, row: JSON.parse(l.record_value) as { id: number } }));
        expect(letters.map((l) => l.row.id).sort((a, b) => a - b)).toEqual([...bad.keys()].sort((a, b) => a - b));
        for (const l of letters) {
          expect(l.topic).toBe(table);
          expect(l.partition).toBe(-1);
          const id = l.row.id;
          expect(l.row).toEqual({ id, amount: rowOf(id)[1], label: rowOf(id)[2] });
          if (bad.get(id) === '23514') {
            expect(l.reason).toBe(
              `PostgreSQL refused the row (23514): new row for relation "${table}" violates check constraint "amount_not_negative"`,
            );
          } else {
            expect(l.reason).toBe('PostgreSQL refused the row (22001): value too long for type character varying(5)');
          }
        }
        // A replay of the same batch (a lost commit reply) writes nothing twice.
        await sink.writeBatch(rows, offsets, undefined, [], [{ topic: 'orders', partition: 0, offset: '0' }]);
        expect(Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)).toBe(195);
      } finally {
        await sink.close();
        await client.query(`DROP TABLE IF EXISTS ${table}`);
        await client.query('DELETE FROM k2o_offsets WHERE query_id = $1', [spec.queryId]);
        await client.query('DELETE FROM k2o_dead_letters WHERE query_id = $1', [spec.queryId]);
        await client.end();
      }
    });
  }
});
