// The booking challenge as a person meets it: with JavaScript the browser proves itself (an
// island solves the proof of work and the question steps aside); without, the person answers a
// sum written in words, and a wrong answer is said beside the field. This spec starts a portal
// of its own in which every booking needs the challenge (PORTAL_CHALLENGE_AFTER=0).
import { test, expect } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axeViolations } from "./axe";
import { nationalId } from "./ids";

const WORDS = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** The sum a question such as 「…請問：三加五等於多少？」 asks for. */
function sumOf(question: string): number {
  const [a, b] = question.split("加");
  const term = (s: string, last: boolean) =>
    WORDS.findIndex((w) => (last ? s.endsWith(w) : s.startsWith(w))) + 1;
  return term(a, true) + term(b, false);
}

let server: ChildProcess | undefined;
let dir = "";

test.beforeAll(async ({}, testInfo) => {
  const port = testInfo.project.name === "js" ? 3191 : 3192;
  dir = mkdtempSync(join(tmpdir(), "portal-challenge-"));
  server = spawn(process.env.PORTAL_BIN ?? "../target/release/portal", [], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${dir}/portal.db?mode=rwc`,
      PORTAL_DATA_KEY_FILE: `${dir}/portal.key`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "../target/site",
      RUST_LOG: "warn",
      PORTAL_CHALLENGE_AFTER: "0",
      PORTAL_CHALLENGE_DAY_AFTER: "1000",
      PORTAL_STARTS_PER_10_MINUTES: "1000",
      PORTAL_CONFIRMATIONS_PER_HOUR: "1000",
    },
    stdio: "ignore",
  });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the challenge portal did not start");
});

test.afterAll(() => {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test("a person passes the booking challenge", async ({ page, browser, javaScriptEnabled }, testInfo) => {
  test.setTimeout(120_000);
  const base = `http://127.0.0.1:${testInfo.project.name === "js" ? 3191 : 3192}`;
  const next = () => page.getByRole("button", { name: "繼續" }).click();
  await page.goto(`${base}/services/registration-visit`);
  await page.getByRole("button", { name: "開始預約" }).click();
  await page.getByLabel(/^印鑑登記/).check();
  await next();
  await page.getByLabel(/本所/).check();
  await next();
  await page.locator('input[name="day"]').first().check();
  await next();
  await page.locator('input[name="time"]').first().check();
  await next();
  await page.getByLabel("姓名").fill("王大明");
  await page.getByLabel(/國民身分證統一編號/).fill(nationalId(javaScriptEnabled ? "H10000001" : "H10000002"));
  await page.getByLabel("聯絡電話").fill("0912-000-111");
  await next();

  await expect(page.locator("h1")).toHaveText("確認您的預約資料");
  const question = page.locator('label[for="field-challenge_answer"]');
  if (javaScriptEnabled) {
    // The browser does the work: the question steps aside and says so.
    await expect(page.getByText("已自動完成確認")).toBeVisible();
    await expect(question).toBeHidden();
    expect(await axeViolations(browser, page, javaScriptEnabled), "check, solved").toEqual([]);
  } else {
    await expect(question).toContainText("等於多少");
    expect(await axeViolations(browser, page, javaScriptEnabled), "check with the question").toEqual([]);
    // A wrong answer is said beside the field, with a new question.
    const wrong = sumOf((await question.textContent()) ?? "") + 1;
    await page.getByLabel(/等於多少/).fill(String(wrong));
    await page.getByRole("button", { name: "確認預約" }).click();
    await expect(page.getByRole("alert")).toContainText("答案不正確");
    expect(await axeViolations(browser, page, javaScriptEnabled), "check with a wrong answer").toEqual([]);
    const right = sumOf((await question.textContent()) ?? "");
    await page.getByLabel(/等於多少/).fill(String(right));
  }
  await page.getByRole("button", { name: "確認預約" }).click();
  await expect(page.locator("h1")).toHaveText("預約完成");
});
