#!/usr/bin/env bash
# Runs vitest and closes with one plain summary line, `tests: N passed, N failed,
# N skipped`, that any CI can read whatever the reporter prints above it. The
# unit suite runs a second time on Node.js 24 (from the npm registry when the
# machine has no such node), as users run k2o on both current lines;
# K2O_TEST_NODE24=0 leaves that run out.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/node.sh
source scripts/node.sh
K2O_NODE_24=24.21.0

npx prettier --check --log-level warn "**/*.ts" || { echo "tests: 0 passed, 1 failed (formatting: run npm run format)"; exit 1; }
npx tsc -p tsconfig.test.json || { echo "tests: 0 passed, 1 failed (the type check failed)"; exit 1; }

reports=()
status=0
# vitest ARG… with a JSON report kept for the summary; the first argument is the node to run it with.
run_vitest() {
  local node=$1 report
  shift
  report=$(mktemp -t k2o-vitest-XXXXXX.json)
  reports+=("$report")
  "$node" node_modules/vitest/vitest.mjs run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=1
}

run_vitest node "$@"
if [[ "${K2O_TEST_NODE24:-1}" != 0 && $# -eq 0 ]]; then
  if [[ "$(node -p 'process.versions.node.split(".")[0]')" == 24 ]]; then node24=node; else node24="$(k2o_node_bin "$K2O_NODE_24")/node"; fi
  echo "[tests] the unit suite again on Node.js $("$node24" --version)"
  run_vitest "$node24" test/unit
fi

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const file of process.argv.slice(1)) {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "${reports[@]}" 2>/dev/null || { echo "tests: 0 passed, 1 failed (vitest wrote no report)"; status=1; }
rm -f "${reports[@]}"
exit "$status"
