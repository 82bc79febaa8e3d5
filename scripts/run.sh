#!/usr/bin/env bash
# Builds the portal in release mode and runs it at http://127.0.0.1:3000 on the embedded SQLite
# default (data/portal.db, created on first start with the sample office). Settings come from
# the environment or from ./portal.env (see portal.env.example).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"
cargo leptos build --release --precompress
if [ -f portal.env ]; then
  set -a
  # shellcheck disable=SC1091
  . ./portal.env
  set +a
fi
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-target/site}
echo "==> the portal is at http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000} (Ctrl-C stops it)"
exec "${CARGO_TARGET_DIR:-target}/release/portal"
