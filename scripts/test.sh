#!/usr/bin/env bash
# `npm test`: install, start the local Kafka and PostgreSQL, run every test
# (unit and integration), and stop the services again if this run started them.
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
npx vitest run "$@"
