-- deleteAll
DELETE FROM "order_metrics";

-- insertRows
INSERT INTO "order_metrics" ("region", "window_start", "window_end", "sum_amount", "avg_price")
SELECT u.c1, to_timestamp(u.c2 / 1000) + (u.c2 % 1000) * INTERVAL '1 millisecond', to_timestamp(u.c3 / 1000) + (u.c3 % 1000) * INTERVAL '1 millisecond', u.c4, u.c5
FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[], $4::DOUBLE PRECISION[], $5::NUMERIC(12,2)[]) AS u(c1, c2, c3, c4, c5);
