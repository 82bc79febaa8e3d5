#!/usr/bin/env bash
# Benchmark of the home page (figures, not a pass/fail test):
#   1. the bytes of a first load as Chromium fetches them (budget: 100 KB compressed);
#   2. SSR requests/s and p50/p99 latency under wrk on loopback, beside the same HTML served
#      as a static file by the same server (the ratio is the figure);
#   3. the server's peak resident memory during that load (budget: 100 MB).
# Needs the release build (scripts/run.sh or scripts/test.sh builds it) and wrk (installed here).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORTAL_BENCH_PORT:-3200}
duration=${PORTAL_BENCH_SECONDS:-10}
connections=${PORTAL_BENCH_CONNECTIONS:-32}
bin=${CARGO_TARGET_DIR:-target}/release/portal
[ -x "$bin" ] || { echo "build first: cargo leptos build --release --precompress" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -d end2end/node_modules ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)

data=$(mktemp -d)
site=$(mktemp -d)
cp -r target/site/. "$site/"
trap 'kill $pid 2>/dev/null || true; rm -rf "$data" "$site"' EXIT
DATABASE_URL="sqlite://$data/portal.db?mode=rwc" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT="$site" RUST_LOG=warn "$bin" &
pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

echo "## First load of / in Chromium (390 px wide, cache off)"
node end2end/bench/first-load.mjs "http://127.0.0.1:$port/"

curl -s "http://127.0.0.1:$port/" -o "$site/bench-home.html"
echo
echo "## Throughput: wrk -t2 -c$connections -d${duration}s (no compression asked)"
run() {
  local label=$1 url=$2
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$url")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s\n' "$label" "$rps" "$p50" "$p99" >&2
  echo "$rps"
}
ssr=$(run "SSR /" "http://127.0.0.1:$port/")
static=$(run "static /bench-home.html" "http://127.0.0.1:$port/bench-home.html")
awk -v s="$ssr" -v t="$static" 'BEGIN { printf "SSR / static ratio: %.2f\n", s / t }'
echo
echo "## Server memory"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status"
