// Browser tests against the release build, in Debian's Chromium (never `playwright install`).
// Each run starts its own portal on a fresh SQLite database with the sample office.
import { defineConfig } from "@playwright/test";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.env.PORTAL_E2E_PORT ?? 3100);
// One folder per port, emptied by the runner (not by its workers, which load this file too
// while the server is running), so tests can reach the server's database with `portal`
// subcommands (see staff.spec.ts).
const dataDir = join(tmpdir(), `portal-e2e-${port}`);
if (!process.env.TEST_WORKER_INDEX) {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
}
process.env.PORTAL_E2E_DATABASE_URL = `sqlite://${dataDir}/portal.db?mode=rwc`;

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: chromium,
  },
  projects: [
    { name: "js", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: process.env.PORTAL_BIN ?? "../target/release/portal",
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATABASE_URL: process.env.PORTAL_E2E_DATABASE_URL,
      PORTAL_DATA_KEY_FILE: `${dataDir}/portal.key`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "../target/site",
      RUST_LOG: "warn",
      // Every browser test comes from 127.0.0.1: the per-client limits are tested in the
      // integration tests, not here.
      PORTAL_LOOKUPS_PER_10_MINUTES: "1000",
      PORTAL_SUBMISSIONS_PER_10_MINUTES: "1000",
      PORTAL_STARTS_PER_10_MINUTES: "1000",
      PORTAL_CONFIRMATIONS_PER_HOUR: "1000",
      PORTAL_TICKETS_PER_10_MINUTES: "1000",
      PORTAL_SIGN_INS_PER_10_MINUTES: "1000",
      PORTAL_POSTS_PER_10_MINUTES: "100000",
      PORTAL_BOOKINGS_PER_CONTACT_PER_DAY: "1000",
      PORTAL_CHALLENGE_AFTER: "1000",
      PORTAL_CHALLENGE_DAY_AFTER: "1000",
    },
  },
});
