// The internet-safety pages as a person meets them, on a portal this spec starts with tight
// limits (every booking needs the challenge, one lookup per ten minutes): the booking challenge
// (with JavaScript the browser proves itself, an island solves the proof of work and the question
// steps aside; without, the person answers a sum written in words, and a wrong answer is said
// beside the field), the "please wait" page, a form sent too large, and a kiosk page on a device
// that is not one of the office's kiosks. Each passes axe.
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

// One worker per project runs this file's tests in order, so that they share the portal the
// file starts (with `fullyParallel`, two workers would each start one on the same port).
test.describe.configure({ mode: "serial" });

let server: ChildProcess | undefined;
let dir = "";

/** This project's own portal (beside the port of the shared test server). */
function portOf(project: string): number {
  return Number(process.env.PORTAL_E2E_PORT ?? 3100) + (project === "js" ? 91 : 92);
}

test.beforeAll(async ({}, testInfo) => {
  const port = portOf(testInfo.project.name);
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
      PORTAL_LOOKUPS_PER_10_MINUTES: "1",
      PORTAL_POSTS_PER_10_MINUTES: "100000",
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
  const base = `http://127.0.0.1:${portOf(testInfo.project.name)}`;
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
    await expect(page.getByText("已自動完成確認"), "no claim of a check that did not run").toHaveCount(0);
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

test("the waiting, too-large and not-a-kiosk pages say what to do", async ({ page, browser, javaScriptEnabled }, testInfo) => {
  const base = `http://127.0.0.1:${portOf(testInfo.project.name)}`;
  const scan = async (label: string) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);
  // The second lookup within ten minutes: the page says when to try again.
  for (let i = 0; i < 2; i++) {
    await page.goto(`${base}/bookings/lookup`);
    await page.getByLabel("預約或申請編號").fill("AB12C-DE34F");
    await page.getByLabel(/國民身分證統一編號/).fill(nationalId("A10000001"));
    await page.getByRole("button", { name: "查詢" }).click();
  }
  await expect(page.locator("h1")).toHaveText("請稍候再試");
  await expect(page.locator("main")).toContainText("分鐘後再試");
  if (javaScriptEnabled) {
    // axe reads the page as it is (a POST's answer cannot be opened again without scripts).
    await scan("please wait");
    // A message far over the mailbox form's limit: a page in the reader's language.
    await page.goto(`${base}/suggestions/new`);
    await page.getByLabel("建議做法與預期效益").evaluate((el, text) => {
      (el as HTMLTextAreaElement).value = text;
    }, "x".repeat(300_000));
    await page.getByLabel("建議做法與預期效益").evaluate((el) => (el as HTMLTextAreaElement).form?.submit());
    await expect(page.locator("h1")).toHaveText("送出的內容太長");
    await expect(page.locator("main")).toContainText("上一頁");
    await scan("too large");
  }
  // A kiosk page on a phone: the queue, no ticket buttons, where to take a number.
  await page.goto(`${base}/kiosk/main`);
  await expect(page.locator("main")).toContainText("抽號機");
  await expect(page.getByRole("button", { name: /國民身分證/ })).toHaveCount(0);
  await scan("not a kiosk");
});
