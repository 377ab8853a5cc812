#!/usr/bin/env bash
# A real single-node ClickHouse server for tests and CI, run as a background process from a
# generated minimal config (loopback only, data under .ci/clickhouse).
#
#   bash scripts/engines/clickhouse.sh start    install the package if missing, start, wait until SELECT 1 answers
#   bash scripts/engines/clickhouse.sh stop     stop the server this script started and wait for it to exit
#   bash scripts/engines/clickhouse.sh status   exit 0 when SELECT 1 answers over HTTP
#   bash scripts/engines/clickhouse.sh url      print the HTTP URL (for VIGIL_TEST_CLICKHOUSE_URL)
#
# Start is a no-op when the server already answers. HTTP is 8123 and TCP 9000 unless those are
# taken by something else, then the next free ports; the chosen HTTP URL is kept in
# .ci/clickhouse/url. Data, pid file and logs live in .ci/clickhouse (VIGIL_CLICKHOUSE_HOME).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
home="${VIGIL_CLICKHOUSE_HOME:-$root/.ci/clickhouse}"
pid_file="$home/clickhouse.pid"
url_file="$home/url"
config="$home/config.xml"
users="$home/users.xml"
log_file="$home/log/clickhouse-server.log"
host=127.0.0.1
start_timeout_s=60

# shellcheck source=scripts/engines/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say() { printf 'clickhouse: %s\n' "$*"; }

http_port() {
  if [ -f "$url_file" ]; then sed -E 's#.*:([0-9]+)/?$#\1#' "$url_file"; else echo 8123; fi
}

# "SELECT 1" over HTTP, answered with "1": the port answering is not enough.
answers_select() {
  local port="$1" reply
  port_answers "$port" || return 1
  exec 4<>"/dev/tcp/$host/$port" || return 1
  printf 'GET /?query=SELECT%%201 HTTP/1.0\r\nHost: %s\r\n\r\n' "$host" >&4
  reply="$(timeout 5 cat <&4 || true)"
  exec 4>&-
  [ "$(printf '%s' "$reply" | tail -n1 | tr -d '\r')" = "1" ]
}

free_port_from() {
  local port="$1"
  while port_answers "$port"; do port=$((port + 1)); done
  echo "$port"
}

install_package() {
  command -v clickhouse-server >/dev/null && return
  [ -x /usr/sbin/clickhouse-server ] && return
  say "clickhouse-server is missing; installing clickhouse-server and clickhouse-client"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clickhouse-server clickhouse-client
}

server_binary() {
  if [ -x /usr/sbin/clickhouse-server ]; then echo /usr/sbin/clickhouse-server; else command -v clickhouse-server; fi
}

write_config() {
  local http="$1" tcp="$2"
  cat >"$config" <<EOF
<?xml version="1.0"?>
<!-- Written by scripts/engines/clickhouse.sh: one node, loopback only, disposable data. -->
<yandex>
  <logger>
    <level>warning</level>
    <log>$home/log/clickhouse-server.log</log>
    <errorlog>$home/log/clickhouse-server.err.log</errorlog>
    <size>50M</size>
    <count>2</count>
  </logger>
  <listen_host>$host</listen_host>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <path>$home/data/</path>
  <tmp_path>$home/tmp/</tmp_path>
  <user_files_path>$home/user_files/</user_files_path>
  <format_schema_path>$home/format_schemas/</format_schema_path>
  <users_config>$users</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <max_concurrent_queries>50</max_concurrent_queries>
  <!-- two cores and shared memory: small caches -->
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <mlock_executable>false</mlock_executable>
</yandex>
EOF
  cat >"$users" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>2000000000</max_memory_usage>
      <max_threads>2</max_threads>
      <load_balancing>random</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default>
  </quotas>
</yandex>
EOF
}

start() {
  if our_pid >/dev/null && answers_select "$(http_port)"; then say "already running (pid $(our_pid)) on $(cat "$url_file")"; return; fi
  if ! our_pid >/dev/null && answers_select 8123; then
    say "a server not started by this script already answers on $host:8123; using it"
    mkdir -p "$home"
    echo "http://$host:8123" >"$url_file"
    return
  fi
  install_package
  mkdir -p "$home/data" "$home/tmp" "$home/log" "$home/user_files" "$home/format_schemas"
  if ! our_pid >/dev/null; then
    rm -f "$pid_file"
    local http tcp
    http="$(free_port_from 8123)"
    tcp="$(free_port_from 9000)"
    [ "$tcp" = "$http" ] && tcp="$(free_port_from $((tcp + 1)))"
    write_config "$http" "$tcp"
    echo "http://$host:$http" >"$url_file"
    say "starting on $host (HTTP $http, TCP $tcp), log: $log_file"
    # setsid: the server outlives this script and is not hit by a Ctrl-C meant for the caller.
    setsid "$(server_binary)" --config-file="$config" --pid-file="$pid_file" >>"$home/log/stdout.log" 2>&1 </dev/null &
    echo $! >"$pid_file"
  fi
  local waited=0 port
  port="$(http_port)"
  until answers_select "$port"; do
    if ! our_pid >/dev/null; then
      say "the server exited while starting; last lines of its logs:"
      tail -n 30 "$home/log/clickhouse-server.err.log" "$home/log/stdout.log" 2>/dev/null || true
      rm -f "$pid_file"
      exit 1
    fi
    if [ "$waited" -ge "$start_timeout_s" ]; then
      say "no answer after ${start_timeout_s}s; stopping it"
      tail -n 30 "$home/log/clickhouse-server.err.log" 2>/dev/null || true
      stop
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
    [ $((waited % 5)) -eq 0 ] && say "  waiting for the server (${waited}s)"
  done
  say "ready on $(cat "$url_file") (pid $(our_pid))"
}

status() {
  local port
  port="$(http_port)"
  if answers_select "$port"; then
    local pid
    pid="$(our_pid || true)"
    say "serving on http://$host:$port${pid:+ (pid $pid)}"
  else
    say "not serving on $host:$port"
    return 1
  fi
}

url() {
  if [ -f "$url_file" ]; then cat "$url_file"; else echo "http://$host:8123"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
