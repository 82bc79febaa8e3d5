#!/usr/bin/env bash
# Installs what building the portal needs; with --test, what testing it needs too.
# Idempotent: everything already present is left alone, so a second run takes seconds.
# Only package registries are used (Debian, crates.io, npm).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc 1.96
WASM_BINDGEN_VERSION=0.2.130  # must equal the wasm-bindgen pinned in Cargo.toml

with_tests=false
[ "${1:-}" = "--test" ] && with_tests=true

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! command -v cargo >/dev/null; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
  echo "Rust (cargo and rustup, Rust 1.95 or newer) is needed: see https://rustup.rs" >&2
  exit 1
fi

apt=()
command -v cc >/dev/null || apt+=(build-essential)
command -v npm >/dev/null || apt+=(nodejs npm)
command -v curl >/dev/null || apt+=(curl)
# The CJK font the PDF forms embed (a subset of it); without it the catalogue offers ODF only.
[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || apt+=(fonts-arphic-uming)
if $with_tests; then
  command -v chromium >/dev/null || apt+=(chromium)
  command -v pg_isready >/dev/null || apt+=(postgresql-client)
  # The forms tests validate every ODF file against the OASIS schema and open it in LibreOffice.
  command -v jing >/dev/null || apt+=(jing)
  command -v soffice >/dev/null || apt+=(libreoffice-writer-nogui libreoffice-calc-nogui)
  command -v pdftotext >/dev/null || apt+=(poppler-utils)
  # The open-data tests drive the ckanapi client and rdflib (PyPI) from a virtual environment.
  python3 -c "import venv, ensurepip" 2>/dev/null || apt+=(python3-venv)
fi
if [ ${#apt[@]} -gt 0 ]; then
  say "apt-get install ${apt[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${apt[@]}" >/dev/null
fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || {
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
}
for component in clippy rustfmt; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

if ! cargo leptos --version 2>/dev/null | grep -qx "cargo-leptos $CARGO_LEPTOS_VERSION"; then
  say "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi
# cargo-leptos runs the wasm-bindgen on PATH and would otherwise try to download one.
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: one of its locked dependency versions is no longer in the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt for release builds, from npm's binaryen (Debian's binaryen 108 breaks hydration).
npm_ci() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.lock-installed"; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.lock-installed)
  fi
}
npm_ci tools

if $with_tests; then
  command -v cargo-nextest >/dev/null || {
    say "cargo install cargo-nextest"
    cargo install cargo-nextest --locked
  }
  npm_ci end2end
  if ! cmp -s tools/requirements-test.txt tools/.venv/installed.txt 2>/dev/null; then
    say "pip install ckanapi and rdflib into tools/.venv"
    python3 -m venv tools/.venv
    tools/.venv/bin/pip install --quiet --disable-pip-version-check -r tools/requirements-test.txt
    cp tools/requirements-test.txt tools/.venv/installed.txt
  fi
fi
