# Shared by the engine scripts (kafka.sh, clickhouse.sh): a background process tracked by a pid
# file. The sourcing script sets $host, $pid_file and defines say().

port_answers() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }

# The pid from the pid file, if that process is alive.
our_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# SIGTERM, up to 30 s for a clean exit, then SIGKILL; always waits until the process is gone.
stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$pid_file"
    say "not running"
    return
  fi
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after 30s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$pid_file"
  say "stopped"
}
