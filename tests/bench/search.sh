#!/usr/bin/env bash
# Search benchmark (issue 3): GET /api/v1/gigs at province scale for three query shapes,
#   region_job  region + 工种, newest first       (tests/bench/search/region_job.lua)
#   nearby      lat/lng, 5 km, sorted by distance  (tests/bench/search/nearby.lua)
#   keyword     keyword within a county or a city  (tests/bench/search/keyword.lua)
# each request drawing its parameters from the distribution of the generated gigs. Prints one line per
# shape (req/s, p50, p99, non-2xx, and the ratio to the bare civetweb handler of tests/bench/bare measured
# with the same wrk flags just before), the EXPLAIN of each shape's statements with representative values,
# and — for the comparison scale — the p50 ratio. Fails on any non-2xx response.
#   tests/bench/search.sh            GIGS=200000 WORKERS=1000000 EMPLOYERS=20000, DURATION=15s, then the
#                                    comparison scale COMPARE_GIGS=10000 (COMPARE_WORKERS=50000,
#                                    COMPARE_EMPLOYERS=1000); COMPARE_GIGS=0 skips it
#   tests/bench/search.sh --smoke    GIGS=2000 WORKERS=5000 EMPLOYERS=200, 1 s per shape, 4 connections,
#                                    no comparison: proves the benchmark runs (ctest bench_search_smoke)
# Each scale gets its own throwaway MariaDB under /tmp (deploy/lib.sh), stopped and removed at the end.
# GEN_REUSE=1 with STATE_DIR=dir reuses a database generated before in dir (started if needed, generated
# only if it has no gigs, left in place). Other environment: LINGGONGD, CONNECTIONS (64), WRK_THREADS
# (2), HTTP_THREADS (16), WARMUP (5s; 0 skips), SEED (1), EXPLAIN (1; 0 skips), APPLICATIONS (0: how many
# applications to generate besides; search does not read them).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/deploy/lib.sh"

SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
if [ "$SMOKE" = 1 ]; then
  GIGS=${GIGS:-2000} WORKERS=${WORKERS:-5000} EMPLOYERS=${EMPLOYERS:-200}
  DURATION=${DURATION:-1s} CONNECTIONS=${CONNECTIONS:-4} WRK_THREADS=${WRK_THREADS:-1} WARMUP=${WARMUP:-0}
  COMPARE_GIGS=${COMPARE_GIGS:-0}
fi
GIGS=${GIGS:-200000} WORKERS=${WORKERS:-1000000} EMPLOYERS=${EMPLOYERS:-20000}
DURATION=${DURATION:-15s} CONNECTIONS=${CONNECTIONS:-64} WRK_THREADS=${WRK_THREADS:-2} WARMUP=${WARMUP:-5s}
COMPARE_GIGS=${COMPARE_GIGS:-10000} COMPARE_WORKERS=${COMPARE_WORKERS:-50000} COMPARE_EMPLOYERS=${COMPARE_EMPLOYERS:-1000}
SEED=${SEED:-1} EXPLAIN=${EXPLAIN:-1} APPLICATIONS=${APPLICATIONS:-0}
SHAPES=(region_job nearby keyword)
command -v wrk >/dev/null || lg_apt_install wrk

BIN=${LINGGONGD:-}
if [ -z "$BIN" ]; then
  BIN="$ROOT/build/release/linggongd"
  [ -x "$BIN" ] || lg_build "$ROOT/build/release" -DCMAKE_BUILD_TYPE=Release -DLG_WERROR=OFF
fi
export LINGGONGD=$BIN

WORK=$(mktemp -d /tmp/linggong-search.XXXXXX)
# the ceiling: civetweb alone answering {"status":"ok"} (tests/bench/http.sh measures the same)
cc -std=c11 -O2 -Wall -Wextra -o "$WORK/bare" "$ROOT/tests/bench/bare/bare.c" -lcivetweb -lpthread
# the server's own statement texts, for EXPLAIN
cc -O0 -I "$ROOT/server/src" "$ROOT/tests/bench/gen/sqltext.c" "$ROOT/server/src/store/sql.c" -o "$WORK/sqltext"
"$WORK/sqltext" >"$WORK/sql.txt"

SRV='' OWN_DB=0 KEEP_DB=0
stop_scale() {
  if [ -n "$SRV" ]; then kill -TERM "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null || true; fi
  SRV=''
  if [ "$OWN_DB" = 1 ] && [ -n "${STATE_DIR:-}" ]; then
    lg_db_stop
    [ "$KEEP_DB" = 1 ] || rm -rf "$STATE_DIR"
  fi
  OWN_DB=0
}
cleanup() {
  stop_scale
  rm -rf "$WORK"
}
trap cleanup EXIT

root_sql() { mariadb --no-defaults -uroot -S "$STATE_DIR/mysqld.sock" --batch --skip-column-names linggong "$@"; }

# explain <label> <statement name> <values...>: the plan of one server statement with these values —
# per table: access type, index, key parts used, estimated and actual rows — and its measured time.
explain() {
  local label=$1 name=$2 stmt
  shift 2
  stmt=$(node "$ROOT/tests/bench/gen/bindsql.js" "$name" "$@" <"$WORK/sql.txt")
  # raw output; the geometry constants in the conditions are binary, not JSON: drop the condition lines
  root_sql --raw -e "ANALYZE FORMAT=JSON $stmt" | node -e '
    const text = require("fs").readFileSync(0, "latin1").split("\n").filter((l) => !/_condition"\s*:/.test(l)).join("\n");
    const j = JSON.parse(text.replace(/,(\s*[}\]])/g, "$1"));
    const out = [];
    const walk = (o) => {
      if (!o || typeof o !== "object") return;
      if (o.table && o.table.table_name) {
        const t = o.table;
        out.push(`${t.table_name}:${t.access_type}` + (t.key ? ` key=${t.key}(${(t.used_key_parts || []).join(",")})` : "") +
          ` rows~${t.rows} read=${t.r_rows}` + (t.r_filtered !== undefined ? ` kept=${(+t.r_filtered).toFixed(0)}%` : ""));
      }
      if (o.filesort && out[out.length - 1] !== "filesort") out.push("filesort");
      for (const v of Object.values(o)) walk(v);
    };
    walk(j.query_block);
    // a UNION has no time of its own at the top: take the largest of its parts
    let ms = 0;
    const times = (o) => { if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) k === "r_total_time_ms" ? (ms = Math.max(ms, +v)) : times(v); };
    times(j.query_block);
    console.log(`  ${process.argv[1].padEnd(34)} ${ms.toFixed(1).padStart(7)} ms  ${out.join(" | ")}`);
  ' "$label ($name)"
}

# cpu_ticks <pid>: user + system CPU ticks the process has used
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# bench_scale <gigs> <workers> <employers> <label>: one database, one server, three shapes
declare -A P50
bench_scale() {
  local gigs=$1 workers=$2 employers=$3 label=$4 reuse=0
  if [ "${GEN_REUSE:-0}" = 1 ] && [ "$label" = main ]; then
    reuse=1
    [ -n "${STATE_DIR:-}" ] || { echo "search.sh: GEN_REUSE=1 needs STATE_DIR" >&2; exit 2; }
    lg_db_running || { OWN_DB=1; KEEP_DB=1; }
    lg_db_start
  else
    export STATE_DIR
    STATE_DIR=$(mktemp -d /tmp/linggong-search-db.XXXXXX)
    OWN_DB=1 KEEP_DB=0
    lg_db_start
  fi
  SCHEMA_DIR="$ROOT/schema" "$BIN" migrate >/dev/null 2>&1
  local have
  have=$(root_sql -e "SELECT COUNT(*) FROM gigs")
  if [ "$reuse" = 0 ] || [ "$have" = 0 ]; then
    echo "== generating $gigs gigs, $workers workers, $employers employers"
    "$ROOT/tests/bench/gen/gen.sh" --workers "$workers" --employers "$employers" --gigs "$gigs" --seed "$SEED" \
      --applications "$APPLICATIONS" --tmp "$WORK/gen" | sed 's/^/   /'
  else
    echo "== reusing $STATE_DIR ($have gigs)"
  fi

  # the distribution the Lua scripts draw from: published, unexpired gigs per county, city and 工种
  {
    echo 'return {'
    echo 'counties = {'
    root_sql -e "SELECT g.county_code, COUNT(*), r.lat, r.lng FROM gigs g JOIN regions r ON r.code = g.county_code
      WHERE g.status = 'published' AND g.ends_at > NOW() GROUP BY g.county_code, r.lat, r.lng" |
      awk -F'\t' '{printf "{\"%s\", %d, %s, %s},\n", $1, $2, $3, $4}'
    echo '}, cities = {'
    root_sql -e "SELECT city_code, COUNT(*) FROM gigs WHERE status = 'published' AND ends_at > NOW() GROUP BY city_code" |
      awk -F'\t' '{printf "{\"%s\", %d},\n", $1, $2}'
    echo '}, tops = {'
    root_sql -e "SELECT job_top_id, COUNT(*) FROM gigs WHERE status = 'published' AND ends_at > NOW() GROUP BY job_top_id" |
      awk -F'\t' '{printf "{%d, %d},\n", $1, $2}'
    echo '}, leaves = {'
    root_sql -e "SELECT job_type_id, COUNT(*) FROM gigs WHERE status = 'published' AND ends_at > NOW() GROUP BY job_type_id" |
      awk -F'\t' '{printf "{%d, %d},\n", $1, $2}'
    echo '}}'
  } >"$WORK/params.lua"
  export SEARCH_PARAMS="$WORK/params.lua" SEARCH_LUA_DIR="$ROOT/tests/bench/search"

  local port log
  port=$(lg_free_port)
  log="$WORK/server-$label.log"
  PORT=$port HTTP_THREADS=${HTTP_THREADS:-16} LOG_LEVEL=warn RATE_IP_PER_MIN=10000000 \
    ADMIN_DIR="$ROOT/server/admin" SCHEMA_DIR="$ROOT/schema" "$BIN" serve >"$log" 2>&1 &
  SRV=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$log" >&2; exit 1; }

  # the bare handler on this machine now, with the same wrk flags (linggongd idles meanwhile)
  local bare_port bare_pid bare_rps
  bare_port=$(lg_free_port)
  PORT=$bare_port HTTP_THREADS=${HTTP_THREADS:-16} "$WORK/bare" &
  bare_pid=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$bare_port/" >/dev/null && break; sleep 0.1; done
  bare_rps=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$bare_port/healthz" |
    awk '/^Requests\/sec:/ {print $2}')
  kill -TERM "$bare_pid" && wait "$bare_pid" || true
  echo "== bare civetweb handler (tests/bench/bare): req/s=${bare_rps:-?}"

  local published
  published=$(root_sql -e "SELECT COUNT(*) FROM gigs WHERE status = 'published' AND ends_at > NOW()")
  echo "== $label: $(root_sql -e 'SELECT COUNT(*) FROM gigs') gigs ($published open), $(root_sql -e 'SELECT COUNT(*) FROM workers') workers;" \
    "linggongd $(basename "$(dirname "$BIN")") build, SEARCH_CACHE_S=${SEARCH_CACHE_S:-10}, $(nproc) cores, wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION"
  local shape out rps p50 p99 non2xx sock fail=0
  for shape in "${SHAPES[@]}"; do
    if [ "$WARMUP" != 0 ]; then
      wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$SEARCH_LUA_DIR/$shape.lua" "http://127.0.0.1:$port" >/dev/null
    fi
    local c0 m0 c1 m1 mpid
    mpid=$(cat "$STATE_DIR/mysqld.pid")
    c0=$(cpu_ticks "$SRV") m0=$(cpu_ticks "$mpid")
    out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$SEARCH_LUA_DIR/$shape.lua" "http://127.0.0.1:$port")
    c1=$(cpu_ticks "$SRV") m1=$(cpu_ticks "$mpid")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
    sock=$(awk '/Socket errors:/ {$1=$2=""; print}' <<<"$out")
    # CPU time per request of each process (not disturbed by whatever else runs on the machine)
    local reqs cpu
    reqs=$(awk '/requests in/ {print $1}' <<<"$out")
    cpu=$(awk -v c=$((c1 - c0)) -v m=$((m1 - m0)) -v n="${reqs:-0}" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { if (n > 0) printf "cpu/req linggongd=%.3fms mariadb=%.3fms", c * 1000 / hz / n, m * 1000 / hz / n }')
    local ratio
    ratio=$(awk -v a="${rps:-0}" -v b="${bare_rps:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }')
    printf '%-8s %-11s req/s=%-9s p50=%-9s p99=%-9s non-2xx=%s  /bare=%s  %s%s\n' "$label" "$shape" "${rps:-?}" \
      "$p50" "$p99" "${non2xx:-0}" "$ratio" "$cpu" "${sock:+  socket errors:$sock}"
    P50[$label.$shape]=$p50
    if [ -z "$rps" ] || [ -n "$non2xx" ]; then
      echo "$out" >&2
      fail=1
    fi
  done
  [ "$fail" = 0 ] || { echo "search.sh: non-2xx responses (server log: $log)" >&2; tail -5 "$log" >&2; exit 1; }

  if [ "$EXPLAIN" = 1 ]; then
    # what search costs MariaDB: the blocks of a signed-in viewer (per search), each node's polls of
    # changed gigs and employers (per second, 5 s lookback) and its full load (at start and every
    # SEARCH_INDEX_RESYNC_S); pages themselves are served from the node's memory
    local user since
    user=$(root_sql -e "SELECT MAX(user_id) FROM workers")
    since=$(root_sql -e "SELECT FLOOR(UNIX_TIMESTAMP(NOW(3)) * 1000) - 5000")
    echo "   EXPLAIN (ANALYZE FORMAT=JSON, warm) — viewer $user, poll since $since:"
    explain "viewer's blocks" GIGFEED_BLOCKED "$user" "$user"
    explain "index poll: gigs" GIGFEED_CHANGED "$since"
    explain "index poll: employers" GIGFEED_EMPLOYERS "$since"
    explain "index load" GIGFEED_OPEN
    echo "   the node's search index (/metrics):"
    curl -s "http://127.0.0.1:$port/metrics" | grep '^linggong_search_index' | sed 's/^/     /'
    echo "   linggongd resident memory: $(ps -o rss= -p "$SRV" | awk '{printf "%.0f MB", $1 / 1024}')"
  fi
  stop_scale
}

bench_scale "$GIGS" "$WORKERS" "$EMPLOYERS" main
if [ "$COMPARE_GIGS" != 0 ]; then
  bench_scale "$COMPARE_GIGS" "$COMPARE_WORKERS" "$COMPARE_EMPLOYERS" compare
  echo "== p50 at $GIGS gigs / p50 at $COMPARE_GIGS gigs (target ≤ 2):"
  for shape in "${SHAPES[@]}"; do
    awk -v s="$shape" -v a="${P50[main.$shape]}" -v b="${P50[compare.$shape]}" 'function ms(x) {
        if (x ~ /us$/) return x / 1000; if (x ~ /ms$/) return x + 0; if (x ~ /s$/) return x * 1000; return x }
      BEGIN { r = ms(a) / ms(b); printf "   %-11s %s / %s = %.2f %s\n", s, a, b, r, (r <= 2 ? "ok" : "MISSED") }'
  done
fi
