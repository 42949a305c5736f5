#!/usr/bin/env bash
# `npm run bench [-- --quick]`: install, start the local Kafka and PostgreSQL,
# run the benchmark harness (src/bench/main.ts) and stop the services again if
# this run started them. Figures: the table on stdout, details in bench/results/.
# The librdkafka client is measured too once `bash bench/install-kafka-alt.sh`
# has built it (or K2O_BENCH_KAFKA_ALT points at an install).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install.sh

started=0
if ! bash scripts/services.sh status >/dev/null 2>&1; then
  bash scripts/services.sh start
  started=1
fi
stop_services() { ((started)) && bash scripts/services.sh stop || true; }
trap stop_services EXIT

export K2O_KAFKA_BROKERS=${K2O_KAFKA_BROKERS:-127.0.0.1:19092}
export K2O_POSTGRES_URL=${K2O_POSTGRES_URL:-postgres://k2o@127.0.0.1:55432/k2o}
node dist/bench/main.js "$@"
