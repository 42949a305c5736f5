-- createTable
CREATE TABLE IF NOT EXISTS "order_metrics" (
  "region" TEXT NOT NULL,
  "window_start" TIMESTAMPTZ NOT NULL,
  "window_end" TIMESTAMPTZ NOT NULL,
  "sum_amount" DOUBLE PRECISION,
  "avg_price" NUMERIC(12,2),
  PRIMARY KEY ("region", "window_start")
);

-- uniqueIndexes
SELECT i.indexrelid::regclass::text AS "name", ARRAY(SELECT a.attname::text FROM unnest(i.indkey) AS k(attnum)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS "columns",
  coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS "nullsNotDistinct"
FROM pg_index i
WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL;

-- upsertRows
INSERT INTO "order_metrics" ("region", "window_start", "window_end", "sum_amount", "avg_price")
SELECT u.c1, to_timestamp(u.c2 / 1000) + (u.c2 % 1000) * INTERVAL '1 millisecond', to_timestamp(u.c3 / 1000) + (u.c3 % 1000) * INTERVAL '1 millisecond', u.c4, u.c5
FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[], $4::DOUBLE PRECISION[], $5::NUMERIC(12,2)[]) AS u(c1, c2, c3, c4, c5)
ON CONFLICT ("region", "window_start") DO UPDATE SET "window_end" = EXCLUDED."window_end", "sum_amount" = EXCLUDED."sum_amount", "avg_price" = EXCLUDED."avg_price";
