#!/usr/bin/env bash
# Builds @confluentinc/kafka-javascript (librdkafka) into .cache/kafka-alt, where
# `npm run bench` finds it and measures it beside kafkajs (limits L4–L6). It is
# not a dependency of k2o; see bench/BASELINE.md for why.
#
# The package's install fetches a prebuilt binary from GitHub, and failing that
# builds librdkafka with --install-deps, which downloads zlib, OpenSSL, zstd and
# curl sources from their own sites. Where only package registries are
# reachable both fail; CKJS_LINKING=dynamic builds the bundled librdkafka
# against Debian's libraries instead (libssl-dev, zlib1g-dev; g++, make, python3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION=${1:-1.10.1}
DIR=.cache/kafka-alt
NODEDIR=${npm_config_nodedir:-}
# node-gyp downloads Node's headers unless told where they are; Debian's and
# NodeSource's nodejs packages install them under /usr/include/node.
if [[ -z $NODEDIR && -f /usr/include/node/node_api.h ]]; then NODEDIR=/usr; fi

mkdir -p "$DIR"
[[ -f $DIR/package.json ]] || echo '{"name":"k2o-kafka-alt","private":true}' >"$DIR/package.json"
echo "[kafka-alt] building @confluentinc/kafka-javascript@$VERSION into $DIR (a minute or two)"
(
  cd "$DIR"
  env CKJS_LINKING=dynamic ${NODEDIR:+npm_config_nodedir=$NODEDIR} \
    npm install --no-audit --no-fund --no-save --loglevel=error "@confluentinc/kafka-javascript@$VERSION"
)
node -e "const k = require('./$DIR/node_modules/@confluentinc/kafka-javascript'); console.log('[kafka-alt] loads; librdkafka ' + k.librdkafkaVersion)"
