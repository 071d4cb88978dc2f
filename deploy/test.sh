#!/usr/bin/env bash
# Every test: installs what is missing, builds the debug build with ASan+UBSan, starts a throwaway MariaDB
# on a random port in a temporary state directory (never the demo's), applies the migrations, then runs
# ctest (C unit tests, API tests against the real server and database, WeChat double, deploy files, ...).
# Exits non-zero on any failure; ctest's summary is the last thing printed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LG_ROOT"

# nginx: Debian's package, for tests/deploy/nginx.test.js (deploy/nginx.conf on loopback ports). On a host
# with an init system, installing it also starts Debian's default site on port 80; containers deny that.
lg_install_deps chromium fonts-wqy-microhei clang libclang-rt-14-dev clang-format poppler-utils nginx
lg_npm_install "$LG_ROOT/tests"
lg_npm_install "$LG_ROOT/tests/e2e"
lg_npm_install "$LG_ROOT/miniprogram"
lg_npm_install "$LG_ROOT/tests/miniprogram"
lg_log "building (debug, ASan+UBSan)"
lg_build "$LG_ROOT/build/debug" -DCMAKE_BUILD_TYPE=Debug -DLG_SANITIZE=ON

export STATE_DIR
STATE_DIR=$(mktemp -d /tmp/linggong-test.XXXXXX)
cleanup() {
  lg_db_stop >/dev/null 2>&1 || true
  rm -rf "$STATE_DIR"
}
trap cleanup EXIT
lg_db_start

export SCHEMA_DIR="$LG_ROOT/schema" ADMIN_DIR="$LG_ROOT/server/admin"
export LINGGONGD="$LG_ROOT/build/debug/linggongd" LG_SOURCE_DIR="$LG_ROOT" LG_DB_CTL="$LG_ROOT/deploy/db.sh"
export ADMIN_BOOTSTRAP_PASSWORD=${ADMIN_BOOTSTRAP_PASSWORD:-$(lg_hex 12)}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}
"$LINGGONGD" migrate >/dev/null

set +e
# --no-tests=error: a -R that matches nothing, or a build that registered no tests, fails instead of passing
ctest --test-dir "$LG_ROOT/build/debug" --output-on-failure --no-tests=error "$@"
rc=$?
exit "$rc"
