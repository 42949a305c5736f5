CREATE TABLE IF NOT EXISTS "k2o_state_entries" (
  "query_id" TEXT NOT NULL,
  "operator_id" TEXT NOT NULL,
  "key_group" SMALLINT NOT NULL,
  "key" TEXT NOT NULL,
  "value" TEXT NOT NULL,
  "updated_at" TIMESTAMPTZ NOT NULL,
  PRIMARY KEY ("query_id", "operator_id", "key_group", "key")
);

INSERT INTO "k2o_state_entries" ("query_id", "operator_id", "key_group", "key", "value", "updated_at")
SELECT $1::TEXT, e.operator_id, e.key_group, e.key, e.value, now()
FROM unnest($2::TEXT[], $3::SMALLINT[], $4::TEXT[], $5::TEXT[]) AS e(operator_id, key_group, key, value)
ON CONFLICT ("query_id", "operator_id", "key_group", "key") DO UPDATE SET "value" = EXCLUDED."value", "updated_at" = EXCLUDED."updated_at";

DELETE FROM "k2o_state_entries" s
USING unnest($2::TEXT[], $3::SMALLINT[], $4::TEXT[]) AS d(operator_id, key_group, key)
WHERE s."query_id" = $1 AND s."operator_id" = d.operator_id AND s."key_group" = d.key_group AND s."key" = d.key;

SELECT "operator_id" AS "operator", "key_group" AS "keyGroup", "key", "value"
FROM "k2o_state_entries"
WHERE "query_id" = $1;
