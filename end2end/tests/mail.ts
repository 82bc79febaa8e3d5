// The mail the portal queued, read with its own `portal last-mail` subcommand against the test
// server's database (the tests have no mail server: mail waits in the outbox).
import { execFileSync } from "node:child_process";

/** The six-digit code in the newest mail to `address`. */
export function mailedCode(address: string): string {
  const bin = process.env.PORTAL_BIN ?? "../target/release/portal";
  const dataKeyFile = process.env.PORTAL_E2E_DATABASE_URL?.replace(/^sqlite:\/\//, "").replace(/portal\.db.*$/, "portal.key");
  const out = execFileSync(bin, ["last-mail", address], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.PORTAL_E2E_DATABASE_URL,
      PORTAL_DATA_KEY_FILE: dataKeyFile,
      RUST_LOG: "warn",
    },
    encoding: "utf8",
  });
  const code = out.match(/\b\d{6}\b/);
  if (!code) throw new Error(`no code in the mail to ${address}:\n${out}`);
  return code[0];
}
