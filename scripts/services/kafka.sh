#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft, broker and controller in one JVM) for
# development, tests and CI, run from the jars Maven Central serves (DESIGN §4).
# Everything it writes lives under .cache/kafka/.
#
#   scripts/services/kafka.sh start|stop|status
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
POM=$REPO/tools/kafka/pom.xml
LOG4J_CONF=$REPO/tools/kafka/log4j2.properties
HOME_DIR=$REPO/.cache/kafka
LIBS=$HOME_DIR/libs
DATA=$HOME_DIR/data
LOGS=$HOME_DIR/logs
CONF=$HOME_DIR/server.properties
PIDFILE=$HOME_DIR/kafka.pid

HOST=127.0.0.1
PORT=19092
CONTROLLER_PORT=19093
START_TIMEOUT_S=60
STOP_TIMEOUT_S=30

say() { echo "[kafka] $*"; }
die() { echo "[kafka] error: $*" >&2; exit 1; }

require() {
  command -v "$1" >/dev/null 2>&1 ||
    die "'$1' not found; Kafka needs Java 17+ and Maven: apt-get install -y openjdk-17-jre-headless maven"
}

require_java17() {
  require java
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [[ ${major%%.*} -ge 17 ]] 2>/dev/null ||
    die "java is version ${major:-unknown}, Kafka 4 needs 17+: apt-get install -y openjdk-17-jre-headless"
}

# Asks the broker for cluster metadata with a hand-made Metadata v4 request, so
# "up" means the broker serves clients, not merely that the port is open, and the
# check needs neither node_modules nor another JVM.
probe() {
  local reply
  # shellcheck disable=SC2016 # expanded by the inner shell
  reply=$(timeout 3 bash -c '
      exec 3<>"/dev/tcp/$0/$1" || exit 1
      # size 18 | api_key 3 (Metadata) | version 4 | correlation id 1 | client id "k2o"
      # | topics: empty array | allow_auto_topic_creation: false
      printf "\x00\x00\x00\x12\x00\x03\x00\x04\x00\x00\x00\x01\x00\x03k2o\x00\x00\x00\x00\x00" >&3
      head -c 16 <&3' "$HOST" "$PORT" 2>/dev/null | od -An -v -tu1 | tr '\n' ' ') || return 1
  local -a b
  read -r -a b <<<"$reply"
  # reply: size(4) correlation id(4) throttle ms(4) broker count(4), big-endian
  ((${#b[@]} == 16)) || return 1
  ((b[7] == 1)) || return 1
  (((b[12] << 24 | b[13] << 16 | b[14] << 8 | b[15]) > 0))
}

# A zombie still answers kill -0; where nothing reaps orphans it never goes away.
alive() {
  kill -0 "$1" 2>/dev/null && ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"
}

our_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  # The pid file may outlive the process (reboot, kill -9); never trust a reused pid.
  [[ -n $pid ]] && grep -qs kafka.Kafka "/proc/$pid/cmdline" && echo "$pid"
}

# Re-fetches only when tools/kafka/pom.xml changed since the last fetch.
fetch_libs() {
  local stamp
  stamp=$(sha256sum "$POM" | cut -c1-16)
  [[ $(cat "$LIBS/.pom-sha" 2>/dev/null) == "$stamp" ]] && return 0
  require mvn
  say "fetching broker jars with Maven (first run only)"
  rm -rf "$LIBS.tmp"
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies -DoutputDirectory="$LIBS.tmp" >"$LOGS/mvn.log" 2>&1; then
    tail -n 20 "$LOGS/mvn.log" >&2
    die "mvn could not fetch the Kafka jars (full output: $LOGS/mvn.log)"
  fi
  echo "$stamp" >"$LIBS.tmp/.pom-sha"
  rm -rf "$LIBS"
  mv "$LIBS.tmp" "$LIBS"
}

write_config() {
  cat >"$CONF" <<EOF
# Written by scripts/services/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA
auto.create.topics.enable=true
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
# One node: 50 offsets partitions (the default) only slow the first group join.
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

# A small fixed heap: this broker shares two cores and the memory with the tests.
JAVA=(java -Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
  -Djava.awt.headless=true
  -Dlog4j2.configurationFile="$LOG4J_CONF" -Dkafka.logs.dir="$LOGS"
  -cp "$LIBS/*")

format_once() {
  [[ -f $DATA/meta.properties ]] && return 0
  local id
  # A Kafka cluster id is 16 random bytes in URL-safe base64; a leading '-' would
  # read as an option on the command line, so draw again.
  until [[ ${id:-} && ${id:0:1} != - ]]; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  done
  if ! "${JAVA[@]}" kafka.tools.StorageTool format -t "$id" -c "$CONF" >"$LOGS/format.log" 2>&1; then
    tail -n 20 "$LOGS/format.log" >&2
    die "formatting the storage in $DATA failed"
  fi
}

port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$PORT" 2>/dev/null
}

# The cause of a failed start is in the ERROR lines; the last lines are usually
# the shutdown that followed it.
show_logs() {
  if [[ -s $LOGS/server.log ]]; then
    echo "--- errors in $LOGS/server.log" >&2
    grep -E '^\[[^]]*\] (ERROR|FATAL)|^Caused by' "$LOGS/server.log" | tail -n 8 >&2 || true
    echo "--- last lines of $LOGS/server.log" >&2
    tail -n 8 "$LOGS/server.log" >&2
  fi
  if [[ -s $LOGS/kafka.out ]]; then
    echo "--- last lines of $LOGS/kafka.out" >&2
    tail -n 8 "$LOGS/kafka.out" >&2
  fi
}

start() {
  if probe; then
    say "already up on $HOST:$PORT"
    return 0
  fi
  local pid
  if ! pid=$(our_pid); then
    if port_open; then
      die "$HOST:$PORT is taken by a process that does not answer as a Kafka broker (see: ss -ltnp 'sport = :$PORT')"
    fi
    require_java17
    mkdir -p "$DATA" "$LOGS"
    fetch_libs
    write_config
    format_once
    # One log per run, so that show_logs reports this run's errors only.
    if [[ -f $LOGS/server.log ]]; then
      mv -f "$LOGS/server.log" "$LOGS/server.previous.log"
    fi
    rm -f "$PIDFILE"
    # setsid: the broker must outlive the shell (and its Ctrl-C) that started it.
    # All three standard streams are redirected so that no caller waits on them.
    # shellcheck disable=SC2016 # expanded by the inner shell
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" \
      "${JAVA[@]}" kafka.Kafka "$CONF" \
      </dev/null >"$LOGS/kafka.out" 2>&1 &
    local tries=0
    until [[ -s $PIDFILE ]] || ((++tries > 50)); do sleep 0.1; done
    pid=$(cat "$PIDFILE" 2>/dev/null) || die "the broker process did not start (see ${LOGS#"$REPO"/}/kafka.out)"
    say "starting (pid $pid), logs in ${LOGS#"$REPO"/}"
  fi
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until probe; do
    if ! alive "$pid"; then
      show_logs
      die "the broker exited during start-up"
    fi
    if ((SECONDS >= deadline)); then
      show_logs
      die "the broker did not answer a metadata request on $HOST:$PORT within ${START_TIMEOUT_S}s (pid $pid left running; stop it with: $0 stop)"
    fi
    sleep 0.25
  done
  say "up on $HOST:$PORT"
}

stop() {
  local pid
  if ! pid=$(our_pid); then
    rm -f "$PIDFILE"
    if probe; then
      say "a broker answers on $HOST:$PORT but was not started from this checkout; left alone"
    else
      say "not running"
    fi
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT_S))
  while alive "$pid"; do
    if ((SECONDS >= deadline)); then
      say "no clean shutdown after ${STOP_TIMEOUT_S}s, killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
  rm -f "$PIDFILE"
  say "stopped"
}

status() {
  if probe; then
    say "up on $HOST:$PORT"
    return 0
  fi
  local pid
  if pid=$(our_pid); then
    say "down (pid $pid is running but does not answer on $HOST:$PORT)"
  else
    say "down"
  fi
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
