#!/usr/bin/env bash
# Scale generator: fills the database named by DB_SOCKET or DB_HOST/DB_PORT, DB_USER (default root),
# DB_PASSWORD and DB_NAME (default linggong) with synthetic workers, employers and gigs.
#   tests/bench/gen/gen.sh --workers N --employers M --gigs G [--seed S] [--prefix P] [--tmp DIR] [--keep]
# The schema must be migrated. See README.md beside this file.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "gen.sh: node (Node.js 20) is required" >&2; exit 2; }
command -v mariadb >/dev/null || { echo "gen.sh: the mariadb client is required" >&2; exit 2; }
exec node "$HERE/gen.js" "$@"
