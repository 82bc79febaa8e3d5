#!/usr/bin/env bash
# Runs every test of the portal: formatting, clippy on the server (ssr) and the browser
# (hydrate, wasm32) builds, unit and integration tests on SQLite and PostgreSQL, then the
# release build and the browser tests (Chromium, JavaScript on and off, axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
# shellcheck source=scripts/postgres.sh
. scripts/postgres.sh
ensure_postgres
export PATH="$PWD/tools/node_modules/.bin:$PATH"
target=${CARGO_TARGET_DIR:-$PWD/target}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "cargo fmt --check"
cargo fmt --all -- --check

say "clippy (ssr, with tests)"
cargo clippy -p app -p server --all-targets --features app/ssr -- -D warnings
say "clippy (hydrate, wasm32)"
cargo clippy -p app -p frontend --lib --target wasm32-unknown-unknown \
  --features app/hydrate,frontend/hydrate -- -D warnings

say "unit and integration tests (SQLite and PostgreSQL)"
cargo nextest run -p app -p server --no-fail-fast

say "release build"
cargo leptos build --release --precompress

say "browser tests"
(cd end2end && PORTAL_BIN="$target/release/portal" npx playwright test)
