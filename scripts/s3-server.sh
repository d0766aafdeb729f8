#!/usr/bin/env bash
# A local S3 + EMR emulator (moto_server from .venv) for tests and demos, on 127.0.0.1 only.
#   scripts/s3-server.sh start    start it on a free port (or $MOTO_PORT); prints its endpoint URL on stdout
#   scripts/s3-server.sh stop     stop it
#   scripts/s3-server.sh status   print the endpoint URL if running, exit 1 if not
# State: .venv/moto.port, .venv/moto.pid, log in .venv/moto.log. `start` is a no-op when already running.
# Clients need dummy credentials in their environment only (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
# any value) and AWS_ENDPOINT_URL=<printed URL>; S3 must use path-style addressing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PORT_FILE="$VENV/moto.port"
PID_FILE="$VENV/moto.pid"
LOG="$VENV/moto.log"

say() { printf 's3-server: %s\n' "$*" >&2; }
die() { printf 's3-server: ERROR: %s\n' "$*" >&2; exit 1; }

# The pid in moto.pid, if that process is alive and is our moto_server (not a recycled pid).
running_pid() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q moto_server || return 1
  echo "$pid"
}

answers() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/moto-api/"; }

start() {
  [[ -x "$VENV/bin/moto_server" ]] || die "no .venv/bin/moto_server: run scripts/setup-python.sh first"
  local pid port
  if pid="$(running_pid)" && port="$(cat "$PORT_FILE" 2>/dev/null)" && answers "$port"; then
    say "already running: pid $pid, port $port"
    echo "http://127.0.0.1:$port"
    return 0
  fi
  rm -f "$PID_FILE" "$PORT_FILE"
  for _attempt in 1 2 3; do
    port="${MOTO_PORT:-$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
    say "starting moto_server on 127.0.0.1:$port (log: .venv/moto.log)"
    # setsid: its own session, so it outlives this script and a Ctrl-C in the calling terminal.
    setsid "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$LOG" 2>&1 </dev/null &
    pid=$!
    for _ in $(seq 1 100); do # up to ~20 s
      if answers "$port"; then
        echo "$pid" >"$PID_FILE"
        echo "$port" >"$PORT_FILE"
        say "ready: pid $pid, http://127.0.0.1:$port"
        echo "http://127.0.0.1:$port"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill "$pid" 2>/dev/null || true
    tail -n 5 "$LOG" >&2 || true
    [[ -z "${MOTO_PORT:-}" ]] || break
    say "moto_server did not come up on port $port; retrying on another port"
  done
  die "moto_server did not start (see .venv/moto.log)"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    say "stopped pid $pid"
  else
    say "not running"
  fi
  rm -f "$PID_FILE" "$PORT_FILE"
}

status() {
  local pid port
  if pid="$(running_pid)" && port="$(cat "$PORT_FILE" 2>/dev/null)" && answers "$port"; then
    say "running: pid $pid, port $port"
    echo "http://127.0.0.1:$port"
  else
    say "not running"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: scripts/s3-server.sh start|stop|status" ;;
esac
