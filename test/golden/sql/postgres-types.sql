-- createTable
CREATE TABLE IF NOT EXISTS "analytics"."events" (
  "id" BIGINT NOT NULL,
  "ok" BOOLEAN,
  "n" INTEGER,
  "day" DATE,
  "took" INTERVAL,
  "raw" TEXT,
  PRIMARY KEY ("id")
);

-- createOffsetsTable
CREATE TABLE IF NOT EXISTS "analytics"."k2o_offsets" (
  "query_id" TEXT NOT NULL,
  "topic" TEXT NOT NULL,
  "partition" INTEGER NOT NULL,
  "next_offset" BIGINT NOT NULL,
  "updated_at" TIMESTAMPTZ NOT NULL,
  PRIMARY KEY ("query_id", "topic", "partition")
);

-- insertRows
INSERT INTO "analytics"."events" ("id", "ok", "n", "day", "took", "raw")
SELECT u.c1, u.c2, u.c3, u.c4, u.c5 * INTERVAL '1 millisecond', u.c6
FROM unnest($1::BIGINT[], $2::BOOLEAN[], $3::INTEGER[], $4::DATE[], $5::BIGINT[], $6::TEXT[]) AS u(c1, c2, c3, c4, c5, c6);
