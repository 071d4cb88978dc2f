#!/usr/bin/env bash
# Controls the private MariaDB of a state directory: db.sh start|stop|status (STATE_DIR required).
# The API tests use it to stop and restart the database under a running linggongd.
# This private server (deploy/lib.sh, lg_db_start, shared with run.sh and test.sh) runs with
# innodb_flush_log_at_trx_commit=2 and no binary log: fast for tests and the demo, but a power cut or
# kernel crash can lose the last second of commits. Production runs with innodb_flush_log_at_trx_commit=1
# and sync_binlog=1 (docker-compose.yml; deploy/mariadb.cnf on a host); never keep real records here.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${STATE_DIR:?STATE_DIR must name the state directory}"
case "${1:-}" in
  start) lg_db_start ;;
  stop) lg_state_env; lg_db_stop ;;
  status) lg_state_env; lg_db_running && echo running || { echo stopped; exit 1; } ;;
  *) echo "usage: db.sh start|stop|status" >&2; exit 2 ;;
esac
