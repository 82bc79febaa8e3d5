#!/usr/bin/env bash
# A scripted client tries to book out the week (scripts off, generated ID numbers) from one
# address and from 50 loopback addresses, against the release portal on a fresh SQLite
# database with the default limits; prints the seats it got and a person's booking time.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
[ -x "$target/release/portal" ] || cargo build --release -p server --bin portal
port=3300
# Each scenario on a fresh portal and database, with the default limits.
for scenario in one fifty; do
  dir=$(mktemp -d)
  DATABASE_URL="sqlite://$dir/portal.db?mode=rwc" PORTAL_DATA_KEY_FILE="$dir/portal.key" \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$target/site" RUST_LOG=error \
    "$target/release/portal" &
  pid=$!
  trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.2
  done
  python3 scripts/bench-abuse.py "http://127.0.0.1:$port" "$scenario"
  kill $pid
  wait $pid 2>/dev/null || true
  rm -rf "$dir"
done
