#!/usr/bin/env bash
# Apply + accept benchmark (issue 4) at province scale: 64 concurrent clients
#   phase 1  apply   POST /api/v1/gigs/{id}/applications by BENCH_WORKERS workers to BENCH_GIGS gigs
#                    (tests/bench/apply/apply.lua: every request a new worker/gig pair, its own Idempotency-Key)
#   phase 2  accept  POST /api/v1/applications/{id}/accept by the gigs' BENCH_EMPLOYERS employers, once for
#                    each application phase 1 created (tests/bench/apply/accept.lua)
# Prints one line per phase (req/s, p50, p99, non-2xx) and the rows the database holds afterwards, checked
# against wrk's counts. Fails on any non-2xx response or a count that does not match.
#   tests/bench/apply.sh            GIGS=200000 WORKERS=1000000 EMPLOYERS=20000, DURATION=15s, 64 connections
#   tests/bench/apply.sh --smoke    GIGS=2000 WORKERS=5000 EMPLOYERS=200, 1 s per phase, 4 connections,
#                                   200 bench workers: proves the benchmark runs (ctest bench_apply_smoke)
# Accounts: the bench workers are generated workers (full profiles) and the bench employers generated,
# verified employers whose users.openid is renamed to o_test_b<id> in the throwaway database, so that they
# sign in through the WeChat double (tests/fakes/wechat.js, js_code test:b<id>) like real users. The
# BENCH_GIGS gigs are random published gigs handed to the bench employers, headcount raised to 30000 so
# that no accept meets gig_full. A throwaway MariaDB under /tmp (deploy/lib.sh), stopped and removed at the end.
# Other environment: LINGGONGD, CONNECTIONS (64), WRK_THREADS (2), HTTP_THREADS (16), SEED (1),
# BENCH_WORKERS (2000), BENCH_EMPLOYERS (8), BENCH_GIGS (2000), KEEP_DB=1 (leave the database in place).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/deploy/lib.sh"

SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
if [ "$SMOKE" = 1 ]; then
  GIGS=${GIGS:-2000} WORKERS=${WORKERS:-5000} EMPLOYERS=${EMPLOYERS:-200}
  DURATION=${DURATION:-1s} CONNECTIONS=${CONNECTIONS:-4} WRK_THREADS=${WRK_THREADS:-1}
  BENCH_WORKERS=${BENCH_WORKERS:-200} BENCH_GIGS=${BENCH_GIGS:-200} BENCH_EMPLOYERS=${BENCH_EMPLOYERS:-4}
fi
GIGS=${GIGS:-200000} WORKERS=${WORKERS:-1000000} EMPLOYERS=${EMPLOYERS:-20000}
DURATION=${DURATION:-15s} CONNECTIONS=${CONNECTIONS:-64} WRK_THREADS=${WRK_THREADS:-2}
BENCH_WORKERS=${BENCH_WORKERS:-2000} BENCH_GIGS=${BENCH_GIGS:-2000} BENCH_EMPLOYERS=${BENCH_EMPLOYERS:-8}
SEED=${SEED:-1}
command -v wrk >/dev/null || lg_apt_install wrk

BIN=${LINGGONGD:-}
if [ -z "$BIN" ]; then
  BIN="$ROOT/build/release/linggongd"
  [ -x "$BIN" ] || lg_build "$ROOT/build/release" -DCMAKE_BUILD_TYPE=Release -DLG_WERROR=OFF
fi
export LINGGONGD=$BIN

WORK=$(mktemp -d /tmp/linggong-apply.XXXXXX)
export STATE_DIR
STATE_DIR=$(mktemp -d /tmp/linggong-apply-db.XXXXXX)
SRV='' WX=''
cleanup() {
  if [ -n "$SRV" ]; then kill -TERM "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null || true; fi
  if [ -n "$WX" ]; then kill -TERM "$WX" 2>/dev/null && wait "$WX" 2>/dev/null || true; fi
  lg_db_stop
  if [ "${KEEP_DB:-0}" = 1 ]; then echo "apply.sh: database left in $STATE_DIR" >&2; else rm -rf "$STATE_DIR"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
root_sql() { mariadb --no-defaults -uroot -S "$STATE_DIR/mysqld.sock" --batch --skip-column-names linggong "$@"; }

lg_db_start
SCHEMA_DIR="$ROOT/schema" "$BIN" migrate >/dev/null 2>&1
echo "== generating $GIGS gigs, $WORKERS workers, $EMPLOYERS employers"
"$ROOT/tests/bench/gen/gen.sh" --workers "$WORKERS" --employers "$EMPLOYERS" --gigs "$GIGS" --seed "$SEED" \
  --tmp "$WORK/gen" | sed 's/^/   /'

# the bench accounts and gigs (seeded, so a run with the same SEED picks the same ones)
root_sql <<SQL
CREATE TABLE bench_workers ENGINE=InnoDB AS
  SELECT w.user_id FROM workers w JOIN users u ON u.id = w.user_id WHERE u.status = 'active'
  ORDER BY RAND($SEED) LIMIT $BENCH_WORKERS;
CREATE TABLE bench_employers ENGINE=InnoDB AS
  SELECT user_id FROM employers WHERE verification = 'verified' ORDER BY RAND($SEED) LIMIT $BENCH_EMPLOYERS;
CREATE TABLE bench_gigs ENGINE=InnoDB AS
  SELECT id FROM gigs WHERE status = 'published' AND ends_at > NOW() + INTERVAL 1 DAY ORDER BY RAND($SEED) LIMIT $BENCH_GIGS;
-- joins, not IN (… UNION ALL …): MariaDB runs that subquery once per user row (minutes at 1M users)
UPDATE users u JOIN bench_workers b ON b.user_id = u.id SET u.openid = CONCAT('o_test_b', u.id);
UPDATE users u JOIN bench_employers b ON b.user_id = u.id SET u.openid = CONCAT('o_test_b', u.id);
SET @e = (SELECT COUNT(*) FROM bench_employers);
CREATE TEMPORARY TABLE emp_rank AS
  SELECT user_id, ROW_NUMBER() OVER (ORDER BY user_id) - 1 AS r FROM bench_employers;
UPDATE gigs g JOIN emp_rank e ON e.r = g.id MOD @e
  SET g.employer_id = e.user_id, g.headcount = 30000
  WHERE g.id IN (SELECT id FROM bench_gigs);
SQL
[ "$(root_sql -e 'SELECT COUNT(*) FROM bench_workers')" = "$BENCH_WORKERS" ] || { echo "apply.sh: not enough workers" >&2; exit 1; }

# the WeChat double and the server
WX_APPID=wx_bench_appid WX_SECRET=bench_secret
node "$ROOT/tests/fakes/wechat.js" --port 0 --appid "$WX_APPID" --secret "$WX_SECRET" >"$WORK/wechat.out" 2>&1 &
WX=$!
for _ in $(seq 1 100); do
  grep -q 'listening on' "$WORK/wechat.out" 2>/dev/null && break
  sleep 0.1
done
WX_API_BASE=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/wechat.out")
[ -n "$WX_API_BASE" ] || { cat "$WORK/wechat.out" >&2; exit 1; }
PORT=$(lg_free_port)
LOG="$WORK/server.log"
PORT=$PORT HTTP_THREADS=${HTTP_THREADS:-16} LOG_LEVEL=warn RATE_IP_PER_MIN=10000000 RATE_USER_PER_MIN=10000000 RATE_ACT_PER_MIN=100000 \
  RATE_LOGIN_PER_MIN=100000 TASK_INTERVAL_S=3600 ACCESS_TOKEN_TTL_S=7200 \
  WX_API_BASE=$WX_API_BASE WX_APPID=$WX_APPID WX_SECRET=$WX_SECRET \
  ADMIN_DIR="$ROOT/server/admin" SCHEMA_DIR="$ROOT/schema" "$BIN" serve >"$LOG" 2>&1 &
SRV=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$LOG" >&2; exit 1; }

# sign in: POST /api/v1/auth/wechat {code: "test:b<id>"}, 16 at a time; prints "<id>\t<access token>"
signin() {
  node -e '
    const ids = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
    const base = process.argv[1];
    let next = 0;
    const out = [];
    async function one(id) {
      const r = await fetch(base + "/api/v1/auth/wechat", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: "test:b" + id }) });
      const j = await r.json();
      if (r.status !== 200 || !j.access_token || String(j.user.id) !== id)
        throw new Error(`sign-in of ${id}: ${r.status} ${JSON.stringify(j)}`);
      out.push([+id, j.access_token]);
    }
    async function lane() { while (next < ids.length) await one(ids[next++]); }
    Promise.all(Array.from({ length: 16 }, lane)).then(() => process.stdout.write(out.sort((a, b) => a[0] - b[0]).map((x) => x.join("\t")).join("\n") + "\n"),
      (e) => { console.error(e.message); process.exit(1); });
  ' "http://127.0.0.1:$PORT"
}
t0=$(date +%s.%N)
root_sql -e 'SELECT user_id FROM bench_workers ORDER BY user_id' | signin >"$WORK/workers.tsv"
root_sql -e 'SELECT user_id FROM bench_employers ORDER BY user_id' | signin >"$WORK/employers.tsv"
t1=$(date +%s.%N)
echo "== signed in $(wc -l <"$WORK/workers.tsv") workers and $(wc -l <"$WORK/employers.tsv") employers through the WeChat double in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s"

RUN="bench$(date +%s)"
lua_list() { awk -F'\t' -v q="$1" '{printf "%s%s%s,\n", q, $NF, q}'; }
{
  echo "return { run = \"$RUN\","
  echo 'workers = {'; lua_list '"' <"$WORK/workers.tsv"; echo '},'
  echo 'employers = {'; lua_list '"' <"$WORK/employers.tsv"; echo '},'
  echo 'gigs = {'; root_sql -e 'SELECT id FROM bench_gigs ORDER BY RAND(7)' | lua_list ''; echo '},'
  echo 'accepts = {} }'
} >"$WORK/data.lua"
export APPLY_DATA="$WORK/data.lua" APPLY_LUA_DIR="$ROOT/tests/bench/apply" WRK_THREADS

open=$(root_sql -e "SELECT COUNT(*) FROM gigs WHERE status = 'published' AND ends_at > NOW()")
echo "== $(root_sql -e 'SELECT COUNT(*) FROM gigs') gigs ($open open), $(root_sql -e 'SELECT COUNT(*) FROM workers') workers;" \
  "$BENCH_WORKERS bench workers applying to $BENCH_GIGS gigs of $BENCH_EMPLOYERS employers; linggongd $(basename "$(dirname "$BIN")") build," \
  "HTTP_THREADS=${HTTP_THREADS:-16}, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION"

declare -A REQ
fail=0
# phase <name> <script> <duration>: one wrk run, one printed line
phase() {
  local name=$1 script=$2 dur=$3 out rps p50 p99 non2xx sock reqs span
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$dur" --latency -s "$APPLY_LUA_DIR/$script" "http://127.0.0.1:$PORT" 2>"$WORK/$name.err")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  span=$(awk '$1 == "span" {print $2}' <<<"$out")
  [ -z "$span" ] || rps=$(awk -v n="$reqs" -v s="$span" 'BEGIN {printf "%.2f", n / s}')
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  sock=$(awk '/Socket errors:/ {$1=$2=""; print}' <<<"$out")
  printf '%-7s req/s=%-9s p50=%-9s p99=%-9s requests=%-7s non-2xx=%s%s%s\n' "$name" "${rps:-?}" "$p50" "$p99" "${reqs:-?}" \
    "${non2xx:-0}" "${span:+  (all accepted in ${span} s)}" "${sock:+  socket errors:$sock}"
  REQ[$name]=$(( ${reqs:-0} - ${non2xx:-0} ))
  if [ -z "$rps" ] || [ -n "$non2xx" ] || [ -s "$WORK/$name.err" ]; then
    echo "$out" >&2
    head -5 "$WORK/$name.err" >&2
    fail=1
  fi
}

phase apply apply.lua "$DURATION"

# phase 2 accepts what phase 1 created, in creation order, each by its gig's employer
{
  echo "return { run = \"$RUN\","
  echo 'employers = {'; lua_list '"' <"$WORK/employers.tsv"; echo '},'
  echo 'workers = {}, gigs = {}, accepts = {'
  root_sql -e "SELECT a.id, e.r FROM applications a
      JOIN (SELECT user_id, ROW_NUMBER() OVER (ORDER BY user_id) AS r FROM bench_employers) e ON e.user_id = a.employer_id
      WHERE a.worker_id IN (SELECT user_id FROM bench_workers) AND a.status = 'applied' ORDER BY a.id" |
    awk -F'\t' '{printf "{%s,%s},\n", $1, $2}'
  echo '} }'
} >"$WORK/data.lua"
napps=$(grep -c '^{' "$WORK/data.lua" || true)
# wrk stops each thread when its share runs out; the duration is only an upper bound
phase accept accept.lua "$(( ${DURATION%s} * 4 ))s"

# what the database holds: every 2xx apply is one application and one history row; every 2xx accept one
# accepted application. Requests in flight when wrk stops are answered but not counted, so the database
# may hold up to CONNECTIONS more of each than wrk's 2xx.
read -r apps accepted hist notes idem < <(root_sql -e "SELECT
  (SELECT COUNT(*) FROM applications WHERE worker_id IN (SELECT user_id FROM bench_workers)),
  (SELECT COUNT(*) FROM applications WHERE worker_id IN (SELECT user_id FROM bench_workers) AND status = 'accepted'),
  (SELECT COUNT(*) FROM application_history h JOIN applications a ON a.id = h.application_id
     WHERE a.worker_id IN (SELECT user_id FROM bench_workers)),
  (SELECT COUNT(*) FROM notifications),
  (SELECT COUNT(*) FROM idempotency_keys)")
echo "== rows: applications=$apps (apply 2xx=${REQ[apply]}), accepted=$accepted of $napps (accept 2xx=${REQ[accept]})," \
  "application_history=$hist, notifications=$notes, idempotency_keys=$idem"
if [ "$apps" -lt "${REQ[apply]}" ] || [ "$apps" -gt $(( ${REQ[apply]} + CONNECTIONS )) ] || [ "$accepted" -lt "${REQ[accept]}" ] || [ "$accepted" -gt $(( ${REQ[accept]} + CONNECTIONS )) ] ||
   [ "$hist" != $(( apps + accepted )) ]; then
  echo "apply.sh: database rows do not match the 2xx counts" >&2
  fail=1
fi
[ "$fail" = 0 ] || { echo "apply.sh: failed (server log: tail below)" >&2; tail -5 "$LOG" >&2; exit 1; }
