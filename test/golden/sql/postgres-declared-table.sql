-- takeCreateLock
SELECT pg_advisory_lock(hashtextextended('k2o creates tables', 0))
/

-- createDeclaredTable
CREATE TABLE IF NOT EXISTS "events" (
  "id" VARCHAR(36),
  "body" JSONB NOT NULL,
  "at" TIMESTAMPTZ,
  "amount" NUMERIC(10,2),
  "n" BIGINT,
  UNIQUE NULLS NOT DISTINCT ("id")
)
/

-- releaseCreateLock
SELECT pg_advisory_unlock(hashtextextended('k2o creates tables', 0))
/

-- fix1
ALTER TABLE "events" ADD COLUMN "id" VARCHAR(36)
/

-- fix2
ALTER TABLE "events" ADD COLUMN "body" JSONB
/

-- fix3
ALTER TABLE "events" ADD COLUMN "at" TIMESTAMPTZ
/

-- fix4
ALTER TABLE "events" ADD COLUMN "amount" NUMERIC(10,2)
/

-- fix5
ALTER TABLE "events" ADD COLUMN "n" BIGINT
/
