#!/usr/bin/env bash
# HTTP benchmark of the request path, measured against its ceiling in the same run:
#   bare      tests/bench/bare/bare.c — civetweb with linggongd's listener options answering
#             {"status":"ok"} from one prebuilt write (compiled here with cc -lcivetweb)
#   linggongd GET /healthz (dispatch, rate limit, request id, reply, metrics, access log; no database) and
#             GET /api/v1/job-types (the reference-data cache, a JSON tree), release build, private MariaDB
# each with wrk and the same flags. Prints one line per figure (requests/s, p50, p99, the server's CPU time
# per request, and others= — the share of the machine's CPU that went to other processes meanwhile: how
# noisy the figure is), then the medians over the rounds and the ratios linggongd / bare.
#   tests/bench/http.sh            full run (DURATION=10s, CONNECTIONS=64, ROUNDS=1)
#   tests/bench/http.sh --smoke    1 s with 4 connections: proves the benchmark runs (used by ctest)
# Environment: LINGGONGD (binary; default build/release/linggongd, built if missing), LINGGONGD_BEFORE
# (a second linggongd binary, e.g. an older commit's, measured in the same rounds), ROUNDS (each round
# measures bare, then each binary, back to back; medians are printed when ROUNDS > 1), DURATION,
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
HTTP_THREADS=${HTTP_THREADS:-16}
ROUNDS=${ROUNDS:-1}
if [ "$SMOKE" = 1 ]; then DURATION=1s; CONNECTIONS=4; WRK_THREADS=1; ROUNDS=1; fi
command -v wrk >/dev/null || lg_apt_install wrk

BIN=${LINGGONGD:-}
if [ -z "$BIN" ]; then
  BIN="$ROOT/build/release/linggongd"
  [ -x "$BIN" ] || lg_build "$ROOT/build/release" -DCMAKE_BUILD_TYPE=Release -DLG_WERROR=OFF
fi
BEFORE=${LINGGONGD_BEFORE:-}

WORK=$(mktemp -d /tmp/linggong-bench.XXXXXX)
cc -std=c11 -O2 -Wall -Wextra -o "$WORK/bare" "$ROOT/tests/bench/bare/bare.c" -lcivetweb -lpthread

OWN_DB=0
if [ -z "${DB_SOCKET:-}" ] || ! mariadb-admin --no-defaults -uroot -S "$DB_SOCKET" ping >/dev/null 2>&1; then
  OWN_DB=1
  export STATE_DIR
  STATE_DIR="$WORK/db"
  lg_db_start
  SCHEMA_DIR="$ROOT/schema" "$BIN" migrate >/dev/null 2>&1
fi
SRV=''
stop_server() {
  if [ -n "$SRV" ]; then kill -TERM "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null || true; fi
  SRV=''
}
cleanup() {
  stop_server
  if [ "$OWN_DB" = 1 ]; then lg_db_stop; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_server <label> <command...>: runs it in the background on a fresh $PORT, waits for GET /healthz
start_server() {
  local label=$1
  shift
  PORT=$(lg_free_port)
  PORT=$PORT HTTP_THREADS=$HTTP_THREADS LOG_LEVEL=warn RATE_IP_PER_MIN=10000000 \
    ADMIN_DIR="$ROOT/server/admin" SCHEMA_DIR="$ROOT/schema" "$@" >"$WORK/$label.log" 2>&1 &
  SRV=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return 0
    sleep 0.1
  done
  echo "http.sh: $label did not answer GET /healthz" >&2
  cat "$WORK/$label.log" >&2
  exit 1
}

# CPU ticks (USER_HZ) the whole machine spent in processes (user, nice, system, and steal: time the
# hypervisor gave to other guests; not irq/softirq, where loopback's packet processing for this very
# benchmark is counted), a process spent, and this shell's waited children (wrk)
machine_busy() { awk '$1 == "cpu" {print $2 + $3 + $4 + $9}' /proc/stat; }
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
children_ticks() { times | awk -v hz="$(getconf CLK_TCK)" 'NR == 2 {
    split($1, u, "m"); split($2, s, "m"); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }'; }

# measure <label> <path>: one wrk run; prints its line — with how much of the machine's CPU went to
# anything but this server and wrk meanwhile (others=) — and appends requests/s to $WORK/rps.<label>.<path>
measure() {
  local label=$1 path=$2 out rps p50 p99 errors m0 s0 c0 t0 m1 s1 c1 t1 others cpu
  m0=$(machine_busy) s0=$(proc_ticks "$SRV") c0=$(children_ticks) t0=$(date +%s%N)
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")
  m1=$(machine_busy) s1=$(proc_ticks "$SRV") c1=$(children_ticks) t1=$(date +%s%N)
  others=$(awk -v m=$((m1 - m0)) -v s=$((s1 - s0)) -v c=$((c1 - c0)) -v ns=$((t1 - t0)) -v n="$(nproc)" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN { o = (m - s - c) / (ns / 1e9 * hz * n) * 100; printf "%.0f%%", o < 0 ? 0 : o }')
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  # the server's own CPU per request: what the figure costs, however busy the machine was
  cpu=$(awk -v s=$((s1 - s0)) -v hz="$(getconf CLK_TCK)" '/requests in/ { printf "%.1fus", s / hz / $1 * 1e6 }' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5} /Socket errors:/ {print "socket:" $0}' <<<"$out")
  printf '%-10s GET %-20s req/s=%-10s p50=%-9s p99=%-9s cpu/req=%-7s others=%-4s %s\n' "$label" "$path" \
    "$rps" "$p50" "$p99" "$cpu" "$others" "${errors:+errors: $errors}"
  echo "${cpu%us}" >>"$WORK/cpu.$label.${path//\//_}"
  if [ -z "$rps" ] || [ -n "$errors" ]; then
    echo "$out" >&2
    exit 1
  fi
  echo "$rps" >>"$WORK/rps.$label.${path//\//_}"
}

median() { sort -g "$1" | awk '{v[NR] = $1} END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "linggongd $(basename "$(dirname "$BIN")") build, $(nproc) cores, HTTP_THREADS=$HTTP_THREADS," \
  "wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS round(s), load average $(cut -d' ' -f1-3 /proc/loadavg)"
LABELS=(bare)
[ -n "$BEFORE" ] && LABELS+=(before)
LABELS+=(linggongd)
for round in $(seq 1 "$ROUNDS"); do
  [ "$ROUNDS" = 1 ] || echo "-- round $round (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  start_server bare "$WORK/bare"
  measure bare /healthz
  stop_server
  for label in "${LABELS[@]:1}"; do
    bin=$BIN
    [ "$label" = before ] && bin=$BEFORE
    start_server "$label" "$bin" serve
    for path in /healthz /api/v1/job-types; do measure "$label" "$path"; done
    stop_server
  done
done

ROWS=(bare:/healthz)
for label in "${LABELS[@]:1}"; do ROWS+=("$label:/healthz" "$label:/api/v1/job-types"); done
BARE=$(median "$WORK/rps.bare._healthz")
echo "== medians over $ROUNDS round(s); ratio = req/s / bare GET /healthz ($BARE req/s)"
for row in "${ROWS[@]}"; do
  label=${row%%:*} path=${row#*:}
  m=$(median "$WORK/rps.$label.${path//\//_}")
  awk -v l="$label" -v p="$path" -v m="$m" -v b="$BARE" -v all="$(paste -sd' ' "$WORK/rps.$label.${path//\//_}")" \
    -v cpu="$(median "$WORK/cpu.$label.${path//\//_}")" \
    'BEGIN { printf "%-10s GET %-20s req/s=%-10.0f ratio=%.2f  cpu/req=%.1fus   (runs: %s)\n", l, p, m, m / b, cpu, all }'
done
