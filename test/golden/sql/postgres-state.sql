CREATE TABLE IF NOT EXISTS "k2o_state" (
  "query_id" TEXT PRIMARY KEY,
  "state" TEXT NOT NULL,
  "updated_at" TIMESTAMPTZ NOT NULL
);

INSERT INTO "k2o_state" ("query_id", "state", "updated_at") VALUES ($1, $2, now())
ON CONFLICT ("query_id") DO UPDATE SET "state" = EXCLUDED."state", "updated_at" = EXCLUDED."updated_at";

SELECT "state" FROM "k2o_state" WHERE "query_id" = $1;
