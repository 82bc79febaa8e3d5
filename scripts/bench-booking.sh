#!/usr/bin/env bash
# Booking throughput on SQLite and PostgreSQL, beside raw insert transactions (figures only).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/postgres.sh
. scripts/postgres.sh
ensure_postgres
cargo bench -p server --bench booking
