// The five online applications as a citizen fills them in, with JavaScript on and off, with an
// axe scan on every page of each.
import { test, expect, type Page, type Browser } from "@playwright/test";
import { axeViolations } from "./axe";
import { nationalId } from "./ids";

type Scan = (label: string) => Promise<void>;

function helpers(page: Page, browser: Browser, javaScriptEnabled: boolean) {
  const scan: Scan = async (label) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);
  const next = () => page.getByRole("button", { name: "繼續" }).click();
  const heading = (text: string) => expect(page.locator("h1")).toHaveText(text);
  return { scan, next, heading };
}

async function begin(page: Page, service: string) {
  await page.goto(`/services/${service}`);
  await page.getByRole("button", { name: "開始申請" }).click();
}

async function applicant(page: Page, id: string, email = "") {
  await page.getByLabel("姓名", { exact: true }).fill("陳小美");
  await page.getByLabel(/國民身分證統一編號/).fill(id);
  await page.getByLabel("聯絡電話").fill("0912-345-678");
  if (email) await page.getByLabel(/電子郵件/).fill(email);
}

async function pickup(page: Page, next: () => Promise<void>, scan: Scan) {
  await expect(page.locator("h1")).toHaveText("領取地點與日期");
  await scan("pickup");
  await page.getByRole("group", { name: "領取地點" }).getByRole("radio").first().check();
  await page.getByRole("group", { name: "領取日期" }).getByRole("radio").first().check();
  await next();
}

async function send(page: Page, scan: Scan, id: string): Promise<string> {
  await expect(page.locator("h1")).toHaveText("確認您的申請資料");
  await expect(page.locator("main")).not.toContainText(id);
  await scan("check");
  await page.getByRole("button", { name: "送出申請" }).click();
  await expect(page.locator("h1")).toHaveText("申請已送出");
  await expect(page.locator(".reference")).toHaveText(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await scan("done");
  return (await page.locator(".reference").textContent()) ?? "";
}

function person(javaScriptEnabled: boolean, base: string): string {
  return nationalId(base + (javaScriptEnabled ? "1" : "2"));
}

test("a household transcript is applied for, looked up and withdrawn", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(180_000);
  const { scan, next, heading } = helpers(page, browser, javaScriptEnabled);
  const id = person(javaScriptEnabled, "A2000000");
  await begin(page, "certificate");

  await heading("申請人資料");
  await scan("applicant");
  await applicant(page, id, "mei@example.com");
  await page.getByLabel("聯絡電話").fill("12345");
  await next();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("請輸入手機號碼");
  await scan("applicant with an error");
  await summary.getByRole("link").first().click();
  await expect(page.getByLabel("聯絡電話")).toBeFocused();
  await page.getByLabel(/國民身分證統一編號/).fill(id);
  await page.getByLabel("聯絡電話").fill("0912-345-678");
  await next();

  await heading("申請什麼證明？");
  await scan("document");
  await page.getByLabel("戶籍謄本").check();
  await next();

  await heading("謄本的內容");
  await scan("transcript");
  await page.getByLabel(/現戶部分/).check();
  await page.getByLabel("列印的人口").fill("陳小美、陳大明");
  await page.getByLabel(/省略記事/).check();
  await page.getByLabel("份數").fill("2");
  await next();

  await pickup(page, next, scan);
  await expect(page.locator("main")).toContainText("陳小美、陳大明");
  const reference = await send(page, scan, id);
  await expect(page.locator("main")).toContainText("預計辦妥日");

  await page.getByRole("link", { name: "查詢預約與申請" }).first().click();
  await page.getByLabel("預約或申請編號").fill(reference);
  await page.getByLabel(/國民身分證統一編號/).fill(id);
  await page.getByRole("button", { name: "查詢" }).click();
  await expect(page.locator("main")).toContainText("已受理");
  await scan("lookup");
  await page.getByRole("link", { name: "撤回這筆申請" }).click();
  await expect(page.locator("main")).toContainText("確定要撤回這筆申請嗎");
  await scan("withdraw confirmation");
  await page.getByRole("button", { name: "是，撤回申請" }).click();
  await expect(page.locator("main")).toContainText("申請已撤回");
});

test("an English transcript takes passport spellings", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(120_000);
  const { scan, next, heading } = helpers(page, browser, javaScriptEnabled);
  const id = person(javaScriptEnabled, "B2000000");
  await begin(page, "english-transcript");
  await heading("申請人資料");
  await applicant(page, id);
  await page.getByLabel(/英文姓名/).fill("Chen, Hsiao-Mei");
  await scan("applicant");
  await next();
  await heading("謄本要列出哪些人？");
  await scan("people");
  await page.getByLabel(/現戶部分/).check();
  await page.getByLabel("列出的人口").fill("陳小美, CHEN, HSIAO-MEI\n陳大明, CHEN, TA-MING");
  await page.getByLabel("份數").fill("1");
  await next();
  await pickup(page, next, scan);
  await expect(page.locator("main")).toContainText("CHEN, HSIAO-MEI");
  await send(page, scan, id);
});

test("a hospital visit is asked for by a family member", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(120_000);
  const { next, heading } = helpers(page, browser, javaScriptEnabled);
  // On a phone: every page of the visit form must also fit 390 px without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  const scanAll = helpers(page, browser, javaScriptEnabled).scan;
  const scan = async (label: string) => {
    await scanAll(label);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${label} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  };
  const id = person(javaScriptEnabled, "C2000000");
  await begin(page, "home-visit");
  await heading("需要哪一種到場服務？");
  await scan("visit");
  await page.getByLabel(/^到院服務/).check();
  await next();
  await heading("需要服務的是誰？");
  await scan("person");
  await page.getByLabel("當事人姓名或團體名稱").fill("陳阿嬤");
  await page.getByLabel("當事人國民身分證統一編號").fill(person(javaScriptEnabled, "D2000000"));
  await page.getByLabel("重病或住院").check();
  await page.getByLabel("說明").fill("住院中，5 樓 502 病房");
  await next();
  await heading("到哪裡、辦什麼？");
  await scan("place");
  await page.getByLabel("服務地址").fill("臺中市霧峰區中正路 100 號 5 樓");
  await page.getByLabel(/請領國民身分證/).check();
  const day = new Date(Date.now() + 10 * 86_400_000);
  while (day.getDay() === 0 || day.getDay() === 6) day.setDate(day.getDate() + 1);
  const iso = day.toISOString().slice(0, 10);
  // A date input with JavaScript's Chromium, the same text field without it: both take ISO.
  await page.getByLabel("希望服務的日期").fill(iso);
  await next();
  await heading("申請人（聯絡人）資料");
  await scan("contact");
  await page.getByLabel("姓名", { exact: true }).fill("陳小美");
  await page.getByLabel(/^國民身分證統一編號/).fill(id);
  await page.getByLabel("與當事人的關係").fill("孫女");
  await page.getByLabel("聯絡電話").fill("04-2339-3022");
  await next();
  await send(page, scan, id);
  await expect(page.locator("main")).toContainText("以電子郵件或電話通知您");
});

test("a house-number certificate and a delivery address are applied for", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(120_000);
  const { scan, next, heading } = helpers(page, browser, javaScriptEnabled);
  const id = person(javaScriptEnabled, "E2000000");
  await begin(page, "house-number");
  await heading("申請人資料");
  await applicant(page, id);
  await next();
  await heading("哪一個門牌？");
  await scan("address");
  await page.getByLabel("整編前門牌").fill("臺中市霧峰區樹仁路 5 號");
  await page.getByLabel("整編後門牌").fill("臺中市霧峰區樹仁路 15 號");
  await page.getByLabel("份數").fill("1");
  await next();
  await pickup(page, next, scan);
  await send(page, scan, id);

  await begin(page, "delivery-address");
  await heading("申請人資料");
  await applicant(page, id);
  await next();
  await heading("公文要寄到哪裡？");
  await scan("delivery address");
  await page.getByLabel("指定送達地址").fill("413 臺中市霧峰區中正路 1 號");
  await page.getByLabel("自哪一天起").fill(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
  await next();
  await send(page, scan, id);
});
