#!/usr/bin/env bash
# Throwaway PostgreSQL 15 (+ pgvector) server for tests.
#
# Usage:
#   URL=$(bash scripts/pg-test-server.sh start <dir>)   # prints ONE line: the URL
#   bash scripts/pg-test-server.sh stop <dir>
#
# start: creates a fresh cluster (initdb --auth=trust) in <dir>/data, listens on
#        127.0.0.1:<free port> with its unix socket in <dir>, creates database
#        fieldkb_test with the `vector` extension, and prints
#        postgres://postgres@127.0.0.1:PORT/fieldkb_test on stdout (also saved
#        to <dir>/url). <dir> must not exist or be empty. Durability is turned
#        off (fsync, synchronous_commit, full_page_writes): never keep real data here.
# stop:  pg_ctl stop -m fast; leaves <dir> in place (delete it yourself).
#        Succeeds (no-op) if the server is not running.
#
# Server log: <dir>/server.log. On failure the log tail goes to stderr and the
# exit status is non-zero. When run as root, the cluster runs as the `postgres`
# user (postgres refuses to run as root) and <dir> is chowned to it.
# Requires scripts/install-postgres.sh to have been run.
set -euo pipefail

PG_MAJOR=15
PG_BIN=${PG_BIN:-/usr/lib/postgresql/${PG_MAJOR}/bin}
DB_NAME=fieldkb_test
DB_USER=postgres

log() { printf '[pg-test-server] %s\n' "$*" >&2; }

usage() {
  printf 'usage: %s start|stop <dir>\n' "$(basename "$0")" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2
[[ -n "${dir}" ]] || usage
dir=$(realpath -m -- "${dir}")
data="${dir}/data"
logfile="${dir}/server.log"
self=$0
# The postgres user may not be allowed into the caller's working directory.
cd /

for b in initdb pg_ctl postgres pg_isready psql; do
  if [[ ! -x "${PG_BIN}/${b}" ]]; then
    log "${PG_BIN}/${b} not found; run scripts/install-postgres.sh first"
    exit 1
  fi
done

# Run a command as the cluster owner: `postgres` when we are root, else ourselves.
if [[ ${EUID} -eq 0 ]]; then
  OWNER=postgres
  id "${OWNER}" >/dev/null 2>&1 || { log "user '${OWNER}' does not exist"; exit 1; }
  as_owner() {
    if command -v runuser >/dev/null 2>&1; then
      runuser -u "${OWNER}" -- "$@"
    else
      local q
      printf -v q '%q ' "$@"
      su -s /bin/sh "${OWNER}" -c "${q}"
    fi
  }
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi

log_tail() {
  if [[ -r "${logfile}" ]]; then
    printf -- '----- last lines of %s -----\n' "${logfile}" >&2
    tail -n 40 "${logfile}" >&2 || true
    printf -- '-----\n' >&2
  fi
}

# Set once the server is up during `start`; if start then fails, stop it again
# so no stray postmaster is left behind.
started=0
fail() {
  log "ERROR: $*"
  if [[ ${started} -eq 1 ]]; then
    as_owner "${PG_BIN}/pg_ctl" -D "${data}" -m immediate -w stop >/dev/null 2>&1 || true
    started=0
  fi
  log_tail
  exit 1
}
on_exit() {
  local rc=$?
  if [[ ${started} -eq 1 && ${rc} -ne 0 ]]; then
    log "start failed (exit ${rc}); stopping the server again"
    as_owner "${PG_BIN}/pg_ctl" -D "${data}" -m immediate -w stop >/dev/null 2>&1 || true
    log_tail
  fi
}
trap on_exit EXIT

is_running() {
  [[ -f "${data}/postmaster.pid" ]] && as_owner "${PG_BIN}/pg_ctl" -D "${data}" status >/dev/null 2>&1
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close();});'
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1], end=""); s.close()'
  else
    printf '%s' $((20000 + RANDOM % 40000))
  fi
}

# Single-quote a value for postgresql.conf.
conf_quote() { printf "'%s'" "${1//\'/\'\'}"; }

start() {
  if [[ -e "${dir}" ]]; then
    [[ -d "${dir}" ]] || { log "ERROR: ${dir} exists and is not a directory"; exit 1; }
    if [[ -n "$(ls -A -- "${dir}")" ]]; then
      log "ERROR: ${dir} is not empty; pass a new or empty directory"
      exit 1
    fi
  fi
  # Unix socket paths are limited to 107 bytes.
  if (( ${#dir} + 15 > 107 )); then  # 15 = length of "/.s.PGSQL.65535"
    log "ERROR: ${dir} is too long for a unix socket path; use a shorter directory"
    exit 1
  fi
  mkdir -p -- "${dir}"
  if [[ ${EUID} -eq 0 ]]; then
    chown "${OWNER}:" "${dir}"
  fi
  chmod 0755 "${dir}"
  as_owner test -w "${dir}" ||
    { log "ERROR: user ${OWNER} cannot write ${dir} (check permissions of its parent directories)"; exit 1; }
  as_owner touch "${logfile}"

  log "initdb ${data}"
  if ! as_owner "${PG_BIN}/initdb" -D "${data}" -U "${DB_USER}" --auth=trust \
      -E UTF8 --locale=C --no-sync >>"${logfile}" 2>&1; then
    fail "initdb failed"
  fi

  {
    printf '\n# --- fieldkb throwaway test server (scripts/pg-test-server.sh) ---\n'
    printf 'listen_addresses = %s\n' "$(conf_quote 127.0.0.1)"
    printf 'unix_socket_directories = %s\n' "$(conf_quote "${dir}")"
    printf 'fsync = off\n'
    printf 'synchronous_commit = off\n'
    printf 'full_page_writes = off\n'
  } | as_owner tee -a "${data}/postgresql.conf" >/dev/null

  local port="" attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    [[ "${port}" =~ ^[0-9]+$ ]] || fail "could not pick a free port"
    log "starting postgres on 127.0.0.1:${port} (attempt ${attempt})"
    printf 'port = %s\n' "${port}" | as_owner tee -a "${data}/postgresql.conf" >/dev/null
    if as_owner "${PG_BIN}/pg_ctl" -D "${data}" -l "${logfile}" -w -t 60 start >/dev/null 2>&1; then
      break
    fi
    port=""
    # Lost a race for the port? Try another one; anything else is fatal.
    if tail -n 20 "${logfile}" | grep -q 'Address already in use'; then
      continue
    fi
    fail "postgres failed to start"
  done
  [[ -n "${port}" ]] || fail "postgres failed to start (no usable port)"
  started=1

  local i
  for ((i = 0; i < 60; i++)); do
    if "${PG_BIN}/pg_isready" -q -h 127.0.0.1 -p "${port}" -U "${DB_USER}" -d postgres; then
      break
    fi
    sleep 0.5
  done
  "${PG_BIN}/pg_isready" -q -h 127.0.0.1 -p "${port}" -U "${DB_USER}" -d postgres ||
    fail "server not ready after 30s"

  local admin_url="postgres://${DB_USER}@127.0.0.1:${port}/postgres"
  local url="postgres://${DB_USER}@127.0.0.1:${port}/${DB_NAME}"
  local out
  if ! out=$(PGOPTIONS='' "${PG_BIN}/psql" "${admin_url}" -X -q -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE ${DB_NAME}" 2>&1); then
    printf '%s\n' "${out}" >&2
    fail "could not create database ${DB_NAME}"
  fi
  local ver
  if ! ver=$(PGOPTIONS='' "${PG_BIN}/psql" "${url}" -X -q -At -v ON_ERROR_STOP=1 \
      -c "CREATE EXTENSION IF NOT EXISTS vector" \
      -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'" 2>&1); then
    printf '%s\n' "${ver}" >&2
    fail "could not create the vector extension (is pgvector installed? run scripts/install-postgres.sh)"
  fi
  printf '%s\n' "${url}" | as_owner tee "${dir}/url" >/dev/null
  started=0
  log "ready: database ${DB_NAME} with pgvector ${ver}; log ${logfile}; stop with: bash ${self} stop ${dir}"
  printf '%s\n' "${url}"
}

stop() {
  if [[ ! -d "${data}" ]]; then
    log "no cluster in ${dir}; nothing to stop"
    return 0
  fi
  if ! is_running; then
    log "server in ${dir} is not running"
    return 0
  fi
  log "stopping server in ${dir}"
  if ! as_owner "${PG_BIN}/pg_ctl" -D "${data}" -m fast -w -t 60 stop >/dev/null 2>&1; then
    fail "pg_ctl stop failed"
  fi
  log "stopped"
}

case "${cmd}" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
