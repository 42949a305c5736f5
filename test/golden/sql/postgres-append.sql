-- createTable
CREATE TABLE IF NOT EXISTS "order_metrics" (
  "region" TEXT NOT NULL,
  "window_start" TIMESTAMPTZ NOT NULL,
  "window_end" TIMESTAMPTZ NOT NULL,
  "sum_amount" DOUBLE PRECISION,
  "avg_price" NUMERIC(12,2)
);

-- createOffsetsTable
CREATE TABLE IF NOT EXISTS "k2o_offsets" (
  "query_id" TEXT NOT NULL,
  "topic" TEXT NOT NULL,
  "partition" INTEGER NOT NULL,
  "next_offset" BIGINT NOT NULL,
  "updated_at" TIMESTAMPTZ NOT NULL,
  PRIMARY KEY ("query_id", "topic", "partition")
);

-- describeTable
SELECT a.attname AS "name", format_type(a.atttypid, a.atttypmod) AS "type",
  NOT a.attnotnull AS "nullable", a.atthasdef AS "hasDefault"
FROM pg_attribute a
WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;

-- insertRows
INSERT INTO "order_metrics" ("region", "window_start", "window_end", "sum_amount", "avg_price")
SELECT u.c1, to_timestamp(u.c2 / 1000) + (u.c2 % 1000) * INTERVAL '1 millisecond', to_timestamp(u.c3 / 1000) + (u.c3 % 1000) * INTERVAL '1 millisecond', u.c4, u.c5
FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[], $4::DOUBLE PRECISION[], $5::NUMERIC(12,2)[]) AS u(c1, c2, c3, c4, c5);

-- upsertOffsets
INSERT INTO "k2o_offsets" ("query_id", "topic", "partition", "next_offset", "updated_at")
SELECT $1::TEXT, u.topic, u.partition, u.next_offset, now()
FROM unnest($2::TEXT[], $3::INTEGER[], $4::BIGINT[]) AS u(topic, partition, next_offset)
ON CONFLICT ("query_id", "topic", "partition") DO UPDATE SET "next_offset" = EXCLUDED."next_offset", "updated_at" = EXCLUDED."updated_at";

-- selectOffsets
SELECT "topic", "partition", "next_offset"::TEXT AS "offset"
FROM "k2o_offsets"
WHERE "query_id" = $1
ORDER BY "topic", "partition";
