#!/usr/bin/env bash
# The counters under load: board refresh and call-next latency with 1,000 appointments and
# 200 people waiting, on SQLite and PostgreSQL (figures only).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/postgres.sh
. scripts/postgres.sh
ensure_postgres
cargo bench -p server --bench counters
