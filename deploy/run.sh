#!/usr/bin/env bash
# The demo: installs what is missing, builds linggongd (release), starts a private MariaDB under
# $STATE_DIR (default ./.state), applies migrations, loads demo data, starts the WeChat double when no
# real WX_APPID/WX_SECRET are set, and serves the API and admin console on http://127.0.0.1:$PORT in the
# foreground. Ctrl-C stops the server and the database.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LG_ROOT"

export PORT=${PORT:-8080}
export STATE_DIR=${STATE_DIR:-$LG_ROOT/.state}
mkdir -p "$STATE_DIR"
STATE_DIR=$(cd "$STATE_DIR" && pwd)

lg_install_deps
lg_npm_install "$LG_ROOT/tests"
lg_log "building linggongd (release)"
lg_build "$LG_ROOT/build/release" -DCMAKE_BUILD_TYPE=Release -DLG_WERROR=OFF
BIN="$LG_ROOT/build/release/linggongd"

if [ -z "${ADMIN_BOOTSTRAP_PASSWORD:-}" ] && [ -z "${ADMIN_BOOTSTRAP_PASSWORD_FILE:-}" ]; then
  if [ ! -f "$STATE_DIR/admin_password" ]; then
    (umask 077 && lg_hex 9 >"$STATE_DIR/admin_password")
  fi
  ADMIN_BOOTSTRAP_PASSWORD=$(cat "$STATE_DIR/admin_password")
  export ADMIN_BOOTSTRAP_PASSWORD
fi

WX_PID= SERVER_PID=
cleanup() {
  trap - EXIT INT TERM
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$WX_PID" ] && kill -TERM "$WX_PID" 2>/dev/null || true
  lg_log "stopping MariaDB"
  lg_db_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

lg_log "starting MariaDB under $STATE_DIR"
lg_db_start
export SCHEMA_DIR="$LG_ROOT/schema" ADMIN_DIR="$LG_ROOT/server/admin" BIND_ADDR=${BIND_ADDR:-127.0.0.1}
# the verify links printed on agreement PDFs point at this demo unless told otherwise
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:$PORT}

if [ -z "${WX_APPID:-}" ]; then
  export WX_APPID=wx_demo_appid WX_SECRET=demo_secret
  node "$LG_ROOT/tests/fakes/wechat.js" --port 0 --appid "$WX_APPID" --secret "$WX_SECRET" >"$STATE_DIR/wechat-double.out" 2>&1 &
  WX_PID=$!
  for _ in $(seq 1 100); do
    grep -q 'listening on' "$STATE_DIR/wechat-double.out" 2>/dev/null && break
    sleep 0.1
  done
  WX_API_BASE=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$STATE_DIR/wechat-double.out")
  export WX_API_BASE
  lg_log "no WX_APPID set: signing in through the WeChat double at $WX_API_BASE (js_code test:<name>)"
fi

"$BIN" migrate
"$BIN" seed-demo

cat <<MSG

  linggong is running.
    API:            http://127.0.0.1:$PORT/api/v1/   (OpenAPI: http://127.0.0.1:$PORT/api/v1/openapi.json)
    Admin console:  http://127.0.0.1:$PORT/admin/
    Health:         http://127.0.0.1:$PORT/healthz   http://127.0.0.1:$PORT/readyz
    Admin sign-in:  admin / $ADMIN_BOOTSTRAP_PASSWORD
    Demo admins:    luzhai, anyuan, qingyunpu, xingan (county), liuzhou (city), reviewer, auditor,
                    station_luzhai — same password (demo only)
  Ctrl-C stops the server and the database.

MSG
"$BIN" serve &
SERVER_PID=$!
wait "$SERVER_PID"
