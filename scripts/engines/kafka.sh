#!/usr/bin/env bash
# A real single-node Apache Kafka 4 broker (KRaft, broker and controller in one process) for tests
# and CI, run from the jars .ci/kafka/pom.xml fetches from Maven Central.
#
#   bash scripts/engines/kafka.sh start    fetch the jars if missing, format once, start, wait until it serves
#   bash scripts/engines/kafka.sh stop     stop the broker this script started and wait for it to exit
#   bash scripts/engines/kafka.sh status   exit 0 when it serves on 127.0.0.1:9092
#
# Start is a no-op when the broker already serves. Its data, pid file and log live in .ci/kafka/data
# (VIGIL_KAFKA_DATA to move them); the log is .ci/kafka/data/kafka.log.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
home="$root/.ci/kafka"
lib="$home/lib"
data="${VIGIL_KAFKA_DATA:-$home/data}"
pid_file="$data/kafka.pid"
log_file="$data/kafka.log"
props="$data/server.properties"
host=127.0.0.1
port=9092
controller_port=9093
start_timeout_s=90

# shellcheck source=scripts/engines/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say() { printf 'kafka: %s\n' "$*"; }

# A metadata request through the admin client: the port answering is not enough, the broker must
# have joined its own quorum and be ready to serve topics.
serves_metadata() {
  timeout 20 java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$lib/*" \
    -Dlog4j2.configurationFile="$home/log4j2.properties" -Dlog4j2.level=warn \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$host:$port" --list >/dev/null 2>&1
}

fetch_jars() {
  if ls "$lib"/kafka_2.13-*.jar >/dev/null 2>&1; then return; fi
  command -v mvn >/dev/null || { say "mvn is missing (apt-get install maven)"; exit 1; }
  say "fetching the broker's jars from Maven Central into .ci/kafka/lib (about 45 MB)"
  mvn -q -B -Dstyle.color=never -f "$home/pom.xml" dependency:copy-dependencies >"$data/mvn.log" 2>&1 &
  local mvn_pid=$! waited=0
  while kill -0 "$mvn_pid" 2>/dev/null; do
    sleep 5
    waited=$((waited + 5))
    say "  still fetching (${waited}s, $(find "$lib" -name '*.jar' 2>/dev/null | wc -l) jars so far)"
  done
  wait "$mvn_pid" || { say "mvn failed to fetch the jars:"; cat "$data/mvn.log"; rm -rf "$lib"; exit 1; }
  say "fetched $(find "$lib" -name '*.jar' | wc -l) jars"
}

write_properties() {
  cat >"$props" <<EOF
# Written by scripts/engines/kafka.sh: one node, broker and controller together, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$controller_port
listeners=PLAINTEXT://$host:$port,CONTROLLER://$host:$controller_port
advertised.listeners=PLAINTEXT://$host:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data/logs
num.partitions=3
auto.create.topics.enable=false
delete.topic.enable=true
# One node: every internal topic has one replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
# Tests start and stop consumers quickly: no waiting for more members before the first assignment.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
# Two cores shared with everything else.
num.network.threads=2
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
# Test data is disposable.
log.retention.hours=6
log.segment.bytes=67108864
EOF
}

format_storage() {
  [ -f "$data/logs/meta.properties" ] && return
  local cluster_id
  cluster_id="$(java -cp "$lib/*" -Dlog4j2.configurationFile="$home/log4j2.properties" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
  say "formatting KRaft storage in $data/logs (cluster $cluster_id)"
  java -cp "$lib/*" -Dlog4j2.configurationFile="$home/log4j2.properties" \
    kafka.tools.StorageTool format --ignore-formatted --cluster-id "$cluster_id" --config "$props" >>"$log_file" 2>&1 \
    || { say "formatting failed; see $log_file"; tail -n 20 "$log_file"; exit 1; }
}

start() {
  if our_pid >/dev/null && serves_metadata; then say "already running (pid $(our_pid))"; return; fi
  if ! our_pid >/dev/null && port_answers "$port"; then
    if serves_metadata; then say "a broker not started by this script already serves on $host:$port; using it"; return; fi
    say "something that is not a Kafka broker holds $host:$port"; exit 1
  fi
  command -v java >/dev/null || { say "java is missing (apt-get install openjdk-17-jre-headless)"; exit 1; }
  mkdir -p "$data"
  fetch_jars
  if ! our_pid >/dev/null; then
    rm -f "$pid_file"
    write_properties
    format_storage
    say "starting the broker on $host:$port (controller on $controller_port), log: $log_file"
    # setsid: the broker outlives this script and is not hit by a Ctrl-C meant for the caller.
    setsid java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$home/log4j2.properties" \
      -cp "$lib/*" kafka.Kafka "$props" >>"$log_file" 2>&1 </dev/null &
    echo $! >"$pid_file"
  fi
  local waited=0
  until port_answers "$port" && serves_metadata; do
    if ! our_pid >/dev/null; then
      say "the broker exited while starting; last lines of $log_file:"
      tail -n 30 "$log_file"
      rm -f "$pid_file"
      exit 1
    fi
    if [ "$waited" -ge "$start_timeout_s" ]; then
      say "no answer after ${start_timeout_s}s; stopping it. Last lines of $log_file:"
      tail -n 30 "$log_file"
      stop
      exit 1
    fi
    sleep 2
    waited=$((waited + 2))
    [ $((waited % 10)) -eq 0 ] && say "  waiting for the broker (${waited}s)"
  done
  say "ready on $host:$port (pid $(our_pid))"
}

status() {
  if port_answers "$port" && serves_metadata; then
    local pid
    pid="$(our_pid || true)"
    say "serving on $host:$port${pid:+ (pid $pid)}"
  else
    say "not serving on $host:$port"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
