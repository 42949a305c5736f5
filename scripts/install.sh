#!/usr/bin/env bash
# Installs the project's npm dependencies when they are missing or stale, then
# compiles TypeScript to dist/. Quick when nothing changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/node.sh
source scripts/node.sh

# npm records the installed tree in node_modules/.package-lock.json; when
# package-lock.json is newer, the tree is stale.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[install] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "[install] compiling TypeScript, bundling the CLI"
rm -rf dist
npm run --silent build
