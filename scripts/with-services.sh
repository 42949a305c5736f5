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

# Node.js 22 or newer for everything below, fetched when the machine's is older.
# shellcheck source=scripts/node.sh
source scripts/node.sh
bash scripts/install.sh

# Start what is down, and later stop only that: a service the developer already
# had running stays up.
started=()
for service in kafka postgres; do
  if ! bash "scripts/services/$service.sh" status >/dev/null 2>&1; then
    started+=("$service")
  fi
done
stop_services() {
  local service
  for service in "${started[@]}"; do bash "scripts/services/$service.sh" stop || true; done
}
trap stop_services EXIT
if ((${#started[@]} > 0)); then
  pids=()
  for service in "${started[@]}"; do
    bash "scripts/services/$service.sh" start &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
fi

export K2O_KAFKA_BROKERS=${K2O_KAFKA_BROKERS:-127.0.0.1:19092}
export K2O_POSTGRES_URL=${K2O_POSTGRES_URL:-postgres://k2o@127.0.0.1:55432/k2o}
"$@"
