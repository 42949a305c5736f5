#!/usr/bin/env bash
# A private PostgreSQL cluster for development, tests and CI, run from Debian's
# `postgresql` package on 127.0.0.1:55432 (DESIGN §4). Role and database `k2o`,
# trust authentication on loopback only. Durability settings stay at their
# defaults: the benchmarks measure real commits.
#
#   scripts/services/postgres.sh start|stop|status
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOST=127.0.0.1
PORT=55432
ROLE=k2o
DB=k2o
START_TIMEOUT_S=60

say() { echo "[postgres] $*"; }
die() { echo "[postgres] error: $*" >&2; exit 1; }

# The newest server install; a client-only package also has a bin/ there, so look for initdb.
find_bindir() {
  local initdb
  # shellcheck disable=SC2012 # Debian's paths are plain version numbers
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  [[ -n $initdb ]] && dirname "$initdb"
}

install_postgres() {
  command -v apt-get >/dev/null 2>&1 ||
    die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin and apt-get is unavailable; install PostgreSQL 13+ server binaries there"
  ((EUID == 0)) || die "PostgreSQL is not installed; run as root or: sudo apt-get install -y postgresql"
  say "installing Debian's postgresql package (first run only)"
  local log=/tmp/k2o-apt-postgresql.log
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "apt-get install postgresql failed (full output: $log)"
  fi
}

BIN=$(find_bindir) || true

# The server refuses to run as root, so as root it runs as an unprivileged user.
if ((EUID == 0)); then
  PG_USER=postgres
else
  PG_USER=$(id -un)
fi

as_pg() {
  if [[ $PG_USER == "$(id -un)" ]]; then
    "$@"
  else
    # From /, since that user may not be allowed into the caller's directory.
    (cd / && runuser -u "$PG_USER" -- "$@")
  fi
}

ensure_pg_user() {
  [[ $PG_USER == "$(id -un)" ]] && return 0
  id "$PG_USER" >/dev/null 2>&1 && return 0
  # The Debian package creates `postgres`; binaries from elsewhere may not have.
  PG_USER=k2o-pg
  id "$PG_USER" >/dev/null 2>&1 ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
}

# Where the cluster lives: .cache/postgres in the repo when the server's user can
# reach it. When it cannot (a repo under a 0700 home directory, say), or when the
# socket path would exceed the ~107-byte limit of unix socket names, it lives in
# /var/tmp under a name derived from the repo path, so each checkout still gets
# its own cluster and the same checkout always finds it again.
choose_base() {
  local base=$REPO/.cache/postgres
  mkdir -p "$base"
  if [[ $PG_USER != "$(id -un)" ]]; then
    chown "$PG_USER" "$base"
  fi
  # "$base/run/.s.PGSQL.55432" must fit in 107 bytes.
  if ((${#base} + 19 > 107)) || ! as_pg test -w "$base" 2>/dev/null; then
    base=/var/tmp/k2o-pg-$(echo -n "$REPO" | sha256sum | cut -c1-12)
    mkdir -p "$base"
    if [[ $PG_USER != "$(id -un)" ]]; then
      chown "$PG_USER" "$base"
    fi
    # Leave a pointer where one would look first.
    echo "$base" >"$REPO/.cache/postgres/LOCATION"
  fi
  echo "$base"
}

is_ready() {
  [[ -n $BIN ]] && "$BIN/pg_isready" -q -h "$HOST" -p "$PORT" -t 2
}

psql_k2o() {
  "$BIN/psql" -X -q -h "$HOST" -p "$PORT" -U "$ROLE" "$@"
}

init_once() {
  local data=$1 run=$2 logdir=$3
  [[ -f $data/PG_VERSION ]] && return 0
  # initdb's bootstrap superuser is named k2o directly, so no role needs creating.
  if ! as_pg "$BIN/initdb" -D "$data" -U "$ROLE" --auth=trust --encoding=UTF8 --locale=C \
    >"$logdir/initdb.log" 2>&1; then
    tail -n 20 "$logdir/initdb.log" >&2
    die "initdb failed (full output: $logdir/initdb.log)"
  fi
  as_pg tee -a "$data/postgresql.conf" >/dev/null <<EOF

# Set by scripts/services/postgres.sh
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = '$run'
EOF
}

start() {
  if is_ready; then
    say "already up on $HOST:$PORT"
    return 0
  fi
  if [[ -z $BIN ]]; then
    install_postgres
    BIN=$(find_bindir) || die "apt-get installed postgresql, but no initdb under /usr/lib/postgresql/*/bin"
  fi
  ensure_pg_user
  local base data run logdir
  base=$(choose_base)
  data=$base/data run=$base/run logdir=$base/logs
  as_pg mkdir -p "$run" "$logdir"
  init_once "$data" "$run" "$logdir"
  # A server that stopped uncleanly leaves postmaster.pid behind; pg_ctl copes.
  if ! as_pg "$BIN/pg_ctl" -D "$data" -l "$logdir/server.log" -w -t "$START_TIMEOUT_S" start >/dev/null; then
    tail -n 25 "$logdir/server.log" >&2 || true
    die "the server did not become ready on $HOST:$PORT within ${START_TIMEOUT_S}s (log: $logdir/server.log)"
  fi
  is_ready || die "pg_ctl says started but $HOST:$PORT does not answer (log: $logdir/server.log)"
  if [[ -z $(psql_k2o -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'") ]]; then
    psql_k2o -d postgres -c "CREATE DATABASE $DB"
  fi
  say "up on $HOST:$PORT (data in $data)"
}

stop() {
  local base data
  if [[ -z $BIN ]]; then
    say "not running"
    return 0
  fi
  ensure_pg_user
  base=$(choose_base)
  data=$base/data
  if [[ -f $data/postmaster.pid ]] && as_pg "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    say "stopped"
  elif is_ready; then
    say "a server answers on $HOST:$PORT but was not started from this checkout; left alone"
  else
    say "not running"
  fi
}

status() {
  if is_ready; then
    say "up on $HOST:$PORT"
    return 0
  fi
  say "down"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
