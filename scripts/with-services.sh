#!/usr/bin/env bash
# Runs a command with the project installed and the local Kafka and PostgreSQL
# up: installs and compiles, starts the services if they are not running, runs
# the command with K2O_KAFKA_BROKERS and K2O_POSTGRES_URL set, and stops the
# services again if it started them. Used by `npm test`, `npm run demo` and
# `npm run bench`.
#
#   scripts/with-services.sh COMMAND [ARG…]
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
"$@"
