#!/usr/bin/env bash
# The local services that k2o's tests, demo and benchmarks use (DESIGN §4):
#   Kafka       K2O_KAFKA_BROKERS=127.0.0.1:19092
#   PostgreSQL  K2O_POSTGRES_URL=postgres://k2o@127.0.0.1:55432/k2o
#
#   scripts/services.sh start|stop|status
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SERVICES=(kafka postgres)

# Both at once: a cold start is dominated by two independent waits (Maven and the
# JVM on one side, apt-get and initdb on the other).
run_all() {
  local cmd=$1 name failed=0
  local -A pids
  for name in "${SERVICES[@]}"; do
    bash "$HERE/services/$name.sh" "$cmd" &
    pids[$name]=$!
  done
  for name in "${SERVICES[@]}"; do
    wait "${pids[$name]}" || failed=1
  done
  return "$failed"
}

case "${1:-}" in
  start | stop | status) run_all "$1" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
