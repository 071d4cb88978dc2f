# Shared by run.sh, test.sh and db.sh: installing what is missing, building, and a private MariaDB under a
# state directory (mariadb-install-db + mariadbd, loopback TCP and a unix socket, no systemd).
# Source it; it defines functions only.

LG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

lg_log() { printf '[linggong] %s\n' "$*" >&2; }

# Installs Debian packages that are not installed yet (apt-get update only when something is missing).
lg_apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  lg_log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# Build tools, libraries, MariaDB and Node.js. Node and npm come from Debian unless already present.
lg_install_deps() {
  lg_apt_install build-essential cmake pkg-config ca-certificates curl \
    libcivetweb-dev libjwt-dev libjansson-dev libmariadb-dev libssl-dev libcurl4-openssl-dev check \
    libpango1.0-dev libcairo2-dev libqrencode-dev libpng-dev libjpeg62-turbo-dev libwebp-dev \
    fonts-wqy-microhei openssl \
    mariadb-server mariadb-client wrk "$@"
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    lg_apt_install nodejs npm
  fi
}

# Installs the npm packages of one directory when its lock file changed since the last install.
lg_npm_install() {
  local dir=$1 stamp
  stamp="$dir/node_modules/.linggong-lock"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
    return 0
  fi
  lg_log "npm install in ${dir#"$LG_ROOT"/}"
  # npm ci refuses a lock file that lacks other platforms' optional packages (npm/cli#4828, which some
  # of ours hit); npm install then installs exactly the locked versions for this platform instead
  (cd "$dir" && { npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 ||
    npm install --no-audit --no-fund --loglevel=error >/dev/null; })
  cp "$dir/package-lock.json" "$stamp"
}

# lg_build <build-dir> <cmake args...>
lg_build() {
  local dir=$1
  shift
  cmake -S "$LG_ROOT" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)" >/dev/null 2>"$dir.log" || { cat "$dir.log" >&2; return 1; }
}

# Prints a free TCP port on 127.0.0.1.
lg_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Random hex of N bytes.
lg_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# Secrets and ports that must survive restarts live in $STATE_DIR/env (mode 600).
lg_state_env() {
  mkdir -p "$STATE_DIR"
  # the Ed25519 key that seals signed agreements (AGREEMENT_SIGNING_KEY_FILE), made once per state dir
  if [ ! -s "$STATE_DIR/agreement_signing_key.pem" ]; then
    (umask 077 && openssl genpkey -algorithm ed25519 -out "$STATE_DIR/agreement_signing_key.pem" 2>/dev/null)
  fi
  export AGREEMENT_SIGNING_KEY_FILE="$STATE_DIR/agreement_signing_key.pem"
  local f="$STATE_DIR/env"
  if [ ! -f "$f" ]; then
    umask 077
    {
      echo "DB_PORT=$(lg_free_port)"
      echo "DB_PASSWORD=$(lg_hex 16)"
      echo "JWT_SECRET=$(lg_hex 32)"
      echo "DATA_KEY=$(lg_hex 32)"
    } >"$f"
  fi
  set -a
  # shellcheck disable=SC1090
  . "$f"
  set +a
  export DB_SOCKET="$STATE_DIR/mysqld.sock" DB_NAME=linggong DB_USER=linggong DB_HOST=127.0.0.1
  # uploaded complaint images live with the rest of this state directory (never a served directory)
  export UPLOAD_DIR="${UPLOAD_DIR:-$STATE_DIR/uploads}"
}

lg_db_running() {
  [ -S "$STATE_DIR/mysqld.sock" ] && mariadb-admin --no-defaults -uroot -S "$STATE_DIR/mysqld.sock" ping >/dev/null 2>&1
}

# Starts the private MariaDB (initialising the data directory and the app user on first use).
lg_db_start() {
  lg_state_env
  local data="$STATE_DIR/mariadb" first=0
  if [ ! -d "$data/mysql" ]; then
    first=1
    mkdir -p "$data"
    mariadb-install-db --no-defaults --user=root --datadir="$data" --auth-root-authentication-method=socket \
      --skip-test-db >"$STATE_DIR/install-db.log" 2>&1 || { cat "$STATE_DIR/install-db.log" >&2; return 1; }
  fi
  if ! lg_db_running; then
    # Demo and test settings, not production's (docker-compose.yml, deploy/mariadb.cnf):
    # innodb_flush_log_at_trx_commit=2 writes the redo log at every commit but flushes it to disk once a
    # second, and there is no binary log. A crash of mariadbd loses nothing; a power cut or kernel crash
    # may lose the last second of commits. That is acceptable for a throwaway test database or a demo
    # (the test suite commits many thousands of transactions, each of which would otherwise wait for
    # an fsync), and never for real records.
    mariadbd --no-defaults --user=root --datadir="$data" --socket="$STATE_DIR/mysqld.sock" \
      --port="$DB_PORT" --bind-address=127.0.0.1 --pid-file="$STATE_DIR/mysqld.pid" \
      --log-error="$STATE_DIR/mariadb.err" --skip-name-resolve --character-set-server=utf8mb4 \
      --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=2 \
      --max-connections=500 --skip-log-bin >/dev/null 2>&1 &
    local i
    for i in $(seq 1 300); do
      lg_db_running && break
      sleep 0.1
    done
    lg_db_running || { lg_log "MariaDB did not start; see $STATE_DIR/mariadb.err"; tail -20 "$STATE_DIR/mariadb.err" >&2; return 1; }
  fi
  if [ "$first" = 1 ]; then
    mariadb --no-defaults -uroot -S "$STATE_DIR/mysqld.sock" <<SQL
CREATE DATABASE IF NOT EXISTS linggong CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'linggong'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
CREATE USER IF NOT EXISTS 'linggong'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON linggong.* TO 'linggong'@'localhost';
GRANT ALL PRIVILEGES ON linggong.* TO 'linggong'@'127.0.0.1';
SQL
  fi
}

lg_db_stop() {
  [ -S "$STATE_DIR/mysqld.sock" ] || return 0
  mariadb-admin --no-defaults -uroot -S "$STATE_DIR/mysqld.sock" shutdown >/dev/null 2>&1 || true
  local i
  for i in $(seq 1 300); do
    [ -f "$STATE_DIR/mysqld.pid" ] || break
    sleep 0.1
  done
}
