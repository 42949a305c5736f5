#!/usr/bin/env bash
# `npm test`: every test, unit and integration, against the real local services.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/browser.sh
exec bash scripts/with-services.sh bash scripts/run-tests.sh "$@"
