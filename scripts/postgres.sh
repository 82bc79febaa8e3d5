#!/usr/bin/env bash
# Sourced by scripts/test.sh: makes sure a PostgreSQL server answers for the integration tests
# and exports PORTAL_TEST_DATABASE_URL (a URL of its maintenance database; every test creates
# and drops a database of its own there).
#   1. PORTAL_TEST_DATABASE_URL as given, or postgres://postgres@127.0.0.1:5432/postgres (trust);
#   2. else start the local cluster if one is installed but stopped;
#   3. else install Debian's postgresql and use it through its socket as a superuser role
#      named after the current user.

pg_answers() { psql "$1" -Atqc 'SELECT 1' >/dev/null 2>&1; }

ensure_postgres() {
  local url=${PORTAL_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  if pg_answers "$url"; then export PORTAL_TEST_DATABASE_URL=$url; return 0; fi

  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "==> installing PostgreSQL for the tests"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  if pg_answers "$url"; then export PORTAL_TEST_DATABASE_URL=$url; return 0; fi

  # Debian's default authentication: peer over the socket. Give this user a superuser role.
  local me
  me=$(id -un)
  $sudo -u postgres psql -Atqc "SELECT 1 FROM pg_roles WHERE rolname = '$me'" 2>/dev/null | grep -q 1 \
    || $sudo -u postgres createuser --superuser "$me" 2>/dev/null \
    || (cd / && su postgres -c "createuser --superuser $me") || true
  url="postgres://$me@localhost/postgres?host=/var/run/postgresql"
  if pg_answers "$url"; then export PORTAL_TEST_DATABASE_URL=$url; return 0; fi

  echo "PostgreSQL is needed for the tests and could not be reached or started." >&2
  echo "Start one and set PORTAL_TEST_DATABASE_URL=postgres://USER@HOST:PORT/postgres (a superuser)." >&2
  return 1
}
