#!/usr/bin/env bash
# Runs vitest and closes with one plain summary line, `tests: N passed, N failed,
# N skipped`, that any CI can read whatever the reporter prints above it.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

report=$(mktemp -t k2o-vitest-XXXXXX.json)
npx prettier --check --log-level warn "**/*.ts" || { echo "tests: 0 passed, 1 failed (formatting: run npm run format)"; exit 1; }
npx tsc -p tsconfig.test.json || { echo "tests: 0 passed, 1 failed (the type check failed)"; exit 1; }
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" 2>/dev/null || echo "tests: 0 passed, 1 failed (vitest wrote no report)"
rm -f "$report"
exit "$status"
