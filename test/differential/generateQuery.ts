import type { Random } from './random.js';

/**
 * A generated query, in k2o's language and in DuckDB's SQL over table `input`
 * (columns k, v, ts as epoch ms, late). `windowMs` is set for windowed queries,
 * whose reference keeps only windows the final watermark closed (`$watermark`).
 */
export interface GeneratedQuery {
  readonly ksql: string;
  readonly duckdb: string;
  readonly windowMs?: number;
}

const PREDICATES: readonly ((r: Random) => string)[] = [
  (r) => `v > ${r.int(-5, 30)}`,
  (r) => `k = '${r.pick(['a', 'b', 'c'])}'`,
  () => 'v IS NULL',
  () => 'k IS NOT NULL',
  (r) => `k IN ('a', 'b') AND v <= ${r.int(0, 30)}`,
  (r) => `NOT (v > ${r.int(0, 20)}) OR k IS NULL`,
  (r) => `v BETWEEN ${r.int(-10, 5)} AND ${r.int(5, 40)}`,
];

const AGGREGATES = [
  'count(*) AS n',
  'count(v) AS nv',
  'sum(v) AS total',
  'min(v) AS lo',
  'max(v) AS hi',
  'avg(v) AS mean',
  'count(DISTINCT v) AS dv',
];

export function generateQuery(r: Random, stream: string): GeneratedQuery {
  const where = r.chance(0.5) ? r.pick(PREDICATES)(r) : undefined;
  const ksqlWhere = where ? ` WHERE ${where}` : '';
  const duckWhere = where ? ` AND (${where})` : '';
  const aggs = AGGREGATES.filter(() => r.chance(0.5));
  if (aggs.length === 0) aggs.push('count(*) AS n');
  const keyed = r.chance(0.7);
  switch (r.pick(['project', 'aggregate', 'window', 'distinct'] as const)) {
    case 'project':
      return {
        ksql: `SELECT k, v, v * 2 + 1 AS w FROM KAFKA ${stream}${ksqlWhere} INTO CONSOLE;`,
        duckdb: `SELECT k, v, v * 2 + 1 AS w FROM input WHERE true${duckWhere}`,
      };
    case 'distinct': {
      const columns = r.chance(0.5) ? 'k, v' : 'k';
      return {
        ksql: `SELECT DISTINCT ${columns} FROM KAFKA ${stream}${ksqlWhere} INTO CONSOLE;`,
        duckdb: `SELECT DISTINCT ${columns} FROM input WHERE true${duckWhere}`,
      };
    }
    case 'aggregate': {
      // Without a group key there is no upsert key: COMPLETE only. k2o has no group,
      // hence no row, before the first row arrives; the reference says the same.
      const mode = keyed ? r.pick(['UPDATE', 'COMPLETE']) : 'COMPLETE';
      return {
        ksql: `SELECT ${keyed ? 'k, ' : ''}${aggs.join(', ')} FROM KAFKA ${stream}${ksqlWhere}${keyed ? ' GROUP BY k' : ''} INTO CONSOLE MODE ${mode};`,
        duckdb: `SELECT ${keyed ? 'k, ' : ''}${aggs.join(', ')} FROM input WHERE true${duckWhere}${keyed ? ' GROUP BY k' : ' HAVING count(*) > 0'}`,
      };
    }
    case 'window': {
      const seconds = r.pick([5, 10, 30, 60]);
      const ms = seconds * 1000;
      const start = `(ts // ${ms}) * ${ms}`;
      return {
        ksql: `SELECT ${keyed ? 'k, ' : ''}window(ts, '${seconds} seconds'), ${aggs.join(', ')} FROM KAFKA ${stream}${ksqlWhere} GROUP BY ${keyed ? 'k, ' : ''}window(ts, '${seconds} seconds') INTO CONSOLE;`,
        duckdb:
          `SELECT ${keyed ? 'k, ' : ''}${start} AS window_start, ${start} + ${ms} AS window_end, ${aggs.join(', ')} FROM input WHERE NOT late${duckWhere} ` +
          `GROUP BY ${keyed ? 'k, ' : ''}${start} HAVING ${start} + ${ms} <= $watermark`,
        windowMs: ms,
      };
    }
  }
}
