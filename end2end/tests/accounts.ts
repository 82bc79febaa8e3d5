// Staff accounts for the browser tests: made with the portal's own subcommand against the test
// server's database, then signed in through the sign-in page.
import type { Page } from "@playwright/test";
import { execFileSync } from "node:child_process";

export const PASSWORD = "correct horse battery staple";

/** An account with this role (already there from a retry: fine). */
export function account(username: string, role: string) {
  const bin = process.env.PORTAL_BIN ?? "../target/release/portal";
  try {
    execFileSync(bin, ["create-staff", username, role], {
      input: `${PASSWORD}\n`,
      env: { ...process.env, DATABASE_URL: process.env.PORTAL_E2E_DATABASE_URL, RUST_LOG: "warn" },
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (error) {
    if (!String((error as { stderr?: Buffer }).stderr ?? "").includes("taken")) throw error;
  }
}

/** Makes the account and signs it in. */
export async function signInAs(page: Page, username: string, role: string) {
  account(username, role);
  await page.goto("/staff/login");
  await page.getByLabel("帳號").fill(username);
  await page.getByLabel("密碼").fill(PASSWORD);
  await page.getByRole("button", { name: "登入" }).click();
}
