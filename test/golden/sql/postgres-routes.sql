-- createFailedRowsTable
CREATE TABLE IF NOT EXISTS "bad" (
  "id" TEXT NOT NULL,
  "amount" DOUBLE PRECISION,
  "quality_positive" BOOLEAN NOT NULL,
  "failed_rules" TEXT NOT NULL
)
/

-- insertFailedRows
INSERT INTO "bad" ("id", "amount", "quality_positive", "failed_rules")
SELECT u.c1, u.c2, u.c3, u.c4
FROM unnest($1::TEXT[], $2::DOUBLE PRECISION[], $3::BOOLEAN[], $4::TEXT[]) AS u(c1, c2, c3, c4)
/

-- createLateRowsTable
CREATE TABLE IF NOT EXISTS "late_orders" (
  "ts" TIMESTAMPTZ NOT NULL,
  "watermark" TIMESTAMPTZ NOT NULL,
  "window_start" TIMESTAMPTZ NOT NULL,
  "window_end" TIMESTAMPTZ NOT NULL
)
/

-- insertLateRows
INSERT INTO "late_orders" ("ts", "watermark", "window_start", "window_end")
SELECT to_timestamp(u.c1 / 1000) + (u.c1 % 1000) * INTERVAL '1 millisecond', to_timestamp(u.c2 / 1000) + (u.c2 % 1000) * INTERVAL '1 millisecond', to_timestamp(u.c3 / 1000) + (u.c3 % 1000) * INTERVAL '1 millisecond', to_timestamp(u.c4 / 1000) + (u.c4 % 1000) * INTERVAL '1 millisecond'
FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::BIGINT[]) AS u(c1, c2, c3, c4)
/
