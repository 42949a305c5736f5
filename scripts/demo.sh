#!/usr/bin/env bash
# `npm run demo`: produce sample orders, run demo/order_metrics.ksql with the
# k2o CLI, and print the table it filled beside independently computed sums.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec bash scripts/with-services.sh node dist/tools/demo/demo.js demo/order_metrics.ksql
