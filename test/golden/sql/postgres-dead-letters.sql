-- createDeadLettersTable
CREATE TABLE IF NOT EXISTS "sales"."k2o_dead_letters" (
  "query_id" TEXT NOT NULL,
  "topic" TEXT NOT NULL,
  "partition" INTEGER NOT NULL,
  "record_offset" BIGINT NOT NULL,
  "record_timestamp" TIMESTAMPTZ NOT NULL,
  "record_key" TEXT,
  "record_value" TEXT,
  "reason" TEXT NOT NULL,
  "failed_at" TIMESTAMPTZ NOT NULL,
  PRIMARY KEY ("query_id", "topic", "partition", "record_offset")
);

-- describeDeadLettersTable
SELECT a.attname AS "name", format_type(a.atttypid, a.atttypmod) AS "type",
  NOT a.attnotnull AS "nullable", a.atthasdef AS "hasDefault"
FROM pg_attribute a
WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;

-- deadLettersUniqueIndexes
SELECT i.indexrelid::regclass::text AS "name", ARRAY(SELECT a.attname::text FROM unnest(i.indkey) AS k(attnum)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS "columns",
  coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS "nullsNotDistinct"
FROM pg_index i
WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL;

-- insertDeadLetters
INSERT INTO "sales"."k2o_dead_letters" ("query_id", "topic", "partition", "record_offset", "record_timestamp", "record_key", "record_value", "reason", "failed_at")
SELECT $1::TEXT, u.topic, u.partition, u.record_offset, to_timestamp(u.record_timestamp / 1000) + (u.record_timestamp % 1000) * INTERVAL '1 millisecond', u.record_key, u.record_value, u.reason, now()
FROM unnest($2::TEXT[], $3::INTEGER[], $4::BIGINT[], $5::BIGINT[], $6::TEXT[], $7::TEXT[], $8::TEXT[])
  AS u(topic, partition, record_offset, record_timestamp, record_key, record_value, reason)
ON CONFLICT ("query_id", "topic", "partition", "record_offset") DO NOTHING;
