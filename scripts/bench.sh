#!/usr/bin/env bash
# `npm run bench [-- --quick]`: the benchmark harness (bench/main.ts) against
# the local Kafka and PostgreSQL. Figures: the table on stdout, details in
# bench/results/. The librdkafka client is measured too once
# `bash bench/install-kafka-alt.sh` has built it (or K2O_BENCH_KAFKA_ALT points
# at an install).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec bash scripts/with-services.sh node dist/bench/main.js "$@"
