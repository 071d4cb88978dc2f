#!/usr/bin/env bash
# HTTP benchmark of the request path: wrk against GET /healthz (no database) and GET /api/v1/job-types
# (one prepared query, JSON tree) on a release build of linggongd and a private MariaDB.
# Prints one line per endpoint: requests/s, p50 and p99 latency.
#   tests/bench/http.sh            full run (DURATION=10s, CONNECTIONS=64)
#   tests/bench/http.sh --smoke    1 s with 4 connections: proves the benchmark runs (used by ctest)
# Environment: LINGGONGD (binary; default build/release/linggongd, built if missing), DURATION,
# CONNECTIONS, WRK_THREADS, HTTP_THREADS. Uses the database of DB_SOCKET when one answers there,
# otherwise starts a throwaway one.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/deploy/lib.sh"

SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
if [ "$SMOKE" = 1 ]; then DURATION=1s; CONNECTIONS=4; WRK_THREADS=1; fi
command -v wrk >/dev/null || lg_apt_install wrk

BIN=${LINGGONGD:-}
if [ -z "$BIN" ]; then
  BIN="$ROOT/build/release/linggongd"
  [ -x "$BIN" ] || lg_build "$ROOT/build/release" -DCMAKE_BUILD_TYPE=Release -DLG_WERROR=OFF
fi

OWN_DB=0
if [ -z "${DB_SOCKET:-}" ] || ! mariadb-admin --no-defaults -uroot -S "$DB_SOCKET" ping >/dev/null 2>&1; then
  OWN_DB=1
  export STATE_DIR
  STATE_DIR=$(mktemp -d /tmp/linggong-bench.XXXXXX)
  lg_db_start
  SCHEMA_DIR="$ROOT/schema" "$BIN" migrate >/dev/null 2>&1
fi
PORT=$(lg_free_port)
LOG=$(mktemp /tmp/linggong-bench-log.XXXXXX)
cleanup() {
  [ -n "${SRV:-}" ] && kill -TERM "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null || true
  if [ "$OWN_DB" = 1 ]; then lg_db_stop; rm -rf "$STATE_DIR"; fi
  rm -f "$LOG"
}
trap cleanup EXIT

PORT=$PORT HTTP_THREADS=${HTTP_THREADS:-16} LOG_LEVEL=warn RATE_IP_PER_MIN=10000000 \
  ADMIN_DIR="$ROOT/server/admin" SCHEMA_DIR="$ROOT/schema" "$BIN" serve >"$LOG" 2>&1 &
SRV=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.1
done

echo "linggongd $(basename "$(dirname "$BIN")") build, $(nproc) cores, wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION"
for path in /healthz /api/v1/job-types; do
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5} /Socket errors:/ {print "socket:" $0}' <<<"$out")
  printf 'GET %-20s req/s=%-10s p50=%-9s p99=%-9s %s\n' "$path" "$rps" "$p50" "$p99" "${errors:+errors: $errors}"
  if [ -z "$rps" ] || [ -n "$errors" ]; then
    echo "$out" >&2
    exit 1
  fi
done
