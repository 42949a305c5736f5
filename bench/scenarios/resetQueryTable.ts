import type pg from 'pg';

/**
 * Drops a scenario's sink table and forgets its query's committed offsets and
 * state, so each run starts from the beginning of its topic. The query's name
 * is the table name in every benchmark query.
 */
export async function resetQueryTable(db: pg.Client, table: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  for (const t of ['k2o_offsets', 'k2o_state', 'k2o_state_entries']) {
    if ((await db.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [t])).rows[0]!.t) {
      await db.query(`DELETE FROM ${t} WHERE query_id = $1`, [table]);
    }
  }
}
