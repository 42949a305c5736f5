#!/usr/bin/env bash
# Installs Debian's chromium for the web console's browser test, when it is
# missing; quick when it is there. The test skips, saying why, when it cannot be installed.
set -uo pipefail

[[ -x /usr/bin/chromium ]] && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "[browser] /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get); the console's browser test will skip" >&2
  exit 0
fi
echo "[browser] apt-get install chromium"
if ! { apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; }; }; then
  echo "[browser] installing chromium failed; the console's browser test will skip" >&2
fi
exit 0
