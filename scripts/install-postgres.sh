#!/usr/bin/env bash
# Install PostgreSQL 15 and the pgvector extension on Debian bookworm.
#
# Usage: bash scripts/install-postgres.sh
#
# - Idempotent: if the PostgreSQL 15 server and pgvector are already
#   installed, it prints a message and exits 0 without touching anything.
# - Runs as root, or as a normal user with sudo (apt/make install use sudo).
# - pgvector is not packaged for bookworm / PostgreSQL 15, so it is built from
#   Debian's `pgvector` *source* package of suite trixie. Only a `deb-src`
#   entry for trixie is added (never a binary `deb` entry, which would pull
#   trixie's libc & co.), and it reuses the mirror already configured in the
#   machine's apt sources.
# - It does not start any PostgreSQL service. Use scripts/pg-test-server.sh
#   for a throwaway server.
set -euo pipefail

PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
PG_CONFIG="${PG_BIN}/pg_config"
SRC_SUITE=trixie
SRC_LIST=/etc/apt/sources.list.d/fieldkb-trixie-src.sources

log() { printf '[install-postgres] %s\n' "$*" >&2; }
die() { printf '[install-postgres] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ ${EUID} -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  die "must run as root or have sudo available"
fi
as_root() { "${SUDO[@]}" "$@"; }

pgvector_installed() {
  [[ -x "${PG_CONFIG}" ]] || return 1
  local sharedir pkglibdir
  sharedir=$("${PG_CONFIG}" --sharedir) || return 1
  pkglibdir=$("${PG_CONFIG}" --pkglibdir) || return 1
  [[ -f "${sharedir}/extension/vector.control" && -f "${pkglibdir}/vector.so" ]]
}

server_installed() { [[ -x "${PG_BIN}/postgres" ]]; }

if server_installed && pgvector_installed; then
  log "PostgreSQL ${PG_MAJOR} server and pgvector already installed; nothing to do."
  log "  server:   ${PG_BIN}/postgres ($("${PG_BIN}/postgres" --version))"
  log "  pgvector: $("${PG_CONFIG}" --sharedir)/extension/vector.control"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || die "apt-get not found; this script supports Debian only"

# --- Find the Debian mirror already configured on this machine --------------
# Prefer an entry whose suite is exactly this release's codename (e.g.
# "bookworm", so not "bookworm-security"); otherwise fall back to the first
# entry that is not a security mirror. Never hard-code a host.
codename=""
if [[ -r /etc/os-release ]]; then
  # shellcheck disable=SC1091
  codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
fi
[[ -n "${codename}" ]] || codename=bookworm

# Prints "URI<TAB>SIGNED_BY<TAB>EXACT" lines (EXACT=1 when suite == codename).
list_mirrors() {
  local f
  shopt -s nullglob
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ "${f}" == "${SRC_LIST}" ]] && continue
    awk -v codename="${codename}" '
      function flush() {
        if (uris != "" && types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no") {
          exact = 0
          n = split(suites, s, /[ \t]+/)
          for (i = 1; i <= n; i++) if (s[i] == codename) exact = 1
          split(uris, u, /[ \t]+/)
          printf "%s\t%s\t%d\n", u[1], signedby, exact
        }
        types = uris = suites = signedby = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        line = $0
        key = line; sub(/:.*/, "", key); key = tolower(key)
        val = line; sub(/^[^:]*:[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
        if (key == "types") types = val
        else if (key == "uris") uris = val
        else if (key == "suites") suites = val
        else if (key == "signed-by") signedby = val
        else if (key == "enabled") enabled = val
      }
      END { flush() }
    ' "${f}"
  done
  local lists=()
  [[ -r /etc/apt/sources.list ]] && lists+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list; do lists+=("${f}"); done
  shopt -u nullglob
  if ((${#lists[@]})); then
    awk -v codename="${codename}" '
      /^[ \t]*deb[ \t]/ {
        line = $0
        sb = ""
        if (match(line, /\[[^]]*\]/)) {
          opts = substr(line, RSTART + 1, RLENGTH - 2)
          if (match(opts, /signed-by=[^ \t]+/)) sb = substr(opts, RSTART + 10, RLENGTH - 10)
          line = substr(line, 1, index(line, "[") - 1) substr(line, index(line, "]") + 1)
        }
        n = split(line, w, /[ \t]+/)
        j = 0
        for (i = 1; i <= n; i++) if (w[i] != "") a[++j] = w[i]
        if (j >= 3) printf "%s\t%s\t%d\n", a[2], sb, (a[3] == codename ? 1 : 0)
      }
    ' "${lists[@]}"
  fi
}

mirrors=$(list_mirrors)
mirror_line=$(printf '%s\n' "${mirrors}" | awk -F'\t' '$3 == 1 { print; exit }')
if [[ -z "${mirror_line}" ]]; then
  mirror_line=$(printf '%s\n' "${mirrors}" | awk -F'\t' '$1 != "" && $1 !~ /security/ { print; exit }')
fi
[[ -n "${mirror_line}" ]] || die "could not find a Debian mirror URI in /etc/apt/sources.list{,.d/*}"
mirror_uri=$(printf '%s' "${mirror_line}" | cut -f1)
mirror_uri=${mirror_uri%/}
signed_by=$(printf '%s' "${mirror_line}" | cut -f2)
if [[ -z "${signed_by}" && -f /usr/share/keyrings/debian-archive-keyring.gpg ]]; then
  signed_by=/usr/share/keyrings/debian-archive-keyring.gpg
fi
log "using Debian mirror ${mirror_uri} (from existing apt sources)"

# --- deb-src entry for trixie (source packages only) ------------------------
desired_src=$(
  printf '# Added by fieldkb scripts/install-postgres.sh to build pgvector from source.\n'
  printf '# Source packages only: do NOT add a binary "deb" entry for %s here.\n' "${SRC_SUITE}"
  printf 'Types: deb-src\n'
  printf 'URIs: %s\n' "${mirror_uri}"
  printf 'Suites: %s\n' "${SRC_SUITE}"
  printf 'Components: main\n'
  if [[ -n "${signed_by}" ]]; then printf 'Signed-By: %s\n' "${signed_by}"; fi
)
if [[ -f "${SRC_LIST}" ]] && [[ "$(cat "${SRC_LIST}")" == "${desired_src}" ]]; then
  log "${SRC_LIST} already present"
else
  log "writing ${SRC_LIST} (Types: deb-src, Suites: ${SRC_SUITE})"
  printf '%s\n' "${desired_src}" | as_root tee "${SRC_LIST}" >/dev/null
fi

# --- Packages ---------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
apt_env=(env DEBIAN_FRONTEND=noninteractive)

t0=${SECONDS}
log "apt-get update"
as_root "${apt_env[@]}" apt-get update -q
log "apt-get update took $((SECONDS - t0))s"

t0=${SECONDS}
pkgs=("postgresql-${PG_MAJOR}" "postgresql-server-dev-${PG_MAJOR}" build-essential dpkg-dev)
log "apt-get install ${pkgs[*]}"
# Debian's postgresql-common may try to create/start a "main" cluster on 5432.
# In containers policy-rc.d / missing systemd usually prevents the start; either
# way we neither need nor use that cluster.
as_root "${apt_env[@]}" apt-get install -y -q --no-install-recommends "${pkgs[@]}"
log "apt-get install took $((SECONDS - t0))s"

server_installed || die "${PG_BIN}/postgres missing after install"
[[ -x "${PG_CONFIG}" ]] || die "${PG_CONFIG} missing after install"

if pgvector_installed; then
  log "pgvector already installed; done."
  exit 0
fi

# --- Build pgvector from the trixie source package --------------------------
workdir=$(mktemp -d -t fieldkb-pgvector.XXXXXX)
cleanup() { rm -rf "${workdir}"; }
trap cleanup EXIT
# apt drops privileges to _apt for downloads; let it write into the work dir
# (avoids the harmless "Download is performed unsandboxed as root" warning).
if [[ ${EUID} -eq 0 ]] && id _apt >/dev/null 2>&1; then
  chown _apt "${workdir}"
fi

t0=${SECONDS}
log "downloading Debian source package pgvector (${SRC_SUITE}) into ${workdir}"
(cd "${workdir}" && apt-get source -q --download-only "pgvector/${SRC_SUITE}")
dsc=$(find "${workdir}" -maxdepth 1 -name 'pgvector_*.dsc' | head -n1)
[[ -n "${dsc}" ]] || die "apt-get source did not produce a pgvector .dsc"
log "unpacking $(basename "${dsc}")"
(cd "${workdir}" && dpkg-source -x "${dsc}" src >/dev/null)
log "download+unpack took $((SECONDS - t0))s"

make_args=("PG_CONFIG=${PG_CONFIG}" "OPTFLAGS=")
# Debian's PGXS is built with LLVM JIT support and wants clang to emit bitcode;
# skip that if the matching clang is not installed.
clang_bin=$(awk -F'=' '/^CLANG[ \t]*=/ { gsub(/[ \t]/, "", $2); print $2; exit }' \
  "$("${PG_CONFIG}" --pgxs | sed 's#/makefiles/pgxs.mk$#/Makefile.global#')" 2>/dev/null || true)
if [[ -n "${clang_bin}" && ! -x "${clang_bin}" ]]; then
  log "${clang_bin} not found; building without LLVM bitcode (with_llvm=no)"
  make_args+=(with_llvm=no)
fi

t0=${SECONDS}
jobs=$(nproc 2>/dev/null || echo 2)
log "building pgvector: make -j${jobs} ${make_args[*]}"
make -C "${workdir}/src" -j"${jobs}" "${make_args[@]}"
log "installing pgvector: make install ${make_args[*]}"
as_root make -C "${workdir}/src" install "${make_args[@]}"
log "build+install took $((SECONDS - t0))s"

pgvector_installed || die "pgvector files missing after make install"
log "done: PostgreSQL ${PG_MAJOR} + pgvector $(sed -n "s/^default_version = '\(.*\)'/\1/p" \
  "$("${PG_CONFIG}" --sharedir)/extension/vector.control") installed"
