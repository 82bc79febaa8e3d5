// 意見信箱: a citizen sends a message (a refused one first), gets a case number, looks it up;
// a clerk finds it in the register, takes it, replies; the citizen reads the reply. Every page
// passes axe, with JavaScript on and off.
import { test, expect } from "@playwright/test";
import { axeViolations } from "./axe";
import { signInAs } from "./accounts";



test("a message goes from the mailbox to the register and back with a reply", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(180_000);
  const scan = async (label: string) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);
  const subject = javaScriptEnabled ? "櫃檯叫號聲音太小（甲）" : "櫃檯叫號聲音太小（乙）";

  await page.goto("/mailbox");
  await expect(page.locator("h1")).toHaveText("意見信箱");
  await scan("mailbox");
  await page.getByRole("radio", { name: /意見反映/ }).check();
  await page.getByLabel("主旨").fill(subject);
  await page.getByRole("button", { name: "送出" }).click();
  await expect(page.getByRole("alert")).toContainText("請留下電子郵件或電話");
  if (javaScriptEnabled) await scan("refused message");
  await page.getByLabel("內容").fill("叫號時聽不清楚，建議調高音量。");
  await page.getByLabel("姓名").fill("陳小美");
  await page.getByLabel("電子郵件").fill("mei@example.com");
  await page.getByRole("button", { name: "送出" }).click();
  await expect(page.locator("h1")).toHaveText("已收到您的意見");
  const number = ((await page.locator(".reference").textContent()) ?? "").trim();
  expect(number).toMatch(/^P/);
  await scan("sent");

  await page.getByRole("link", { name: "查詢案件處理情形" }).click();
  await page.getByLabel("案件編號").fill(number);
  await page.getByLabel(/電子郵件或電話/).fill("mei@example.com");
  await page.getByRole("button", { name: "查詢" }).click();
  await expect(page.locator("main")).toContainText("尚未回覆");
  await scan("lookup");

  const who = javaScriptEnabled ? "mailbox.js" : "mailbox.nojs";
  await signInAs(page, who, "clerk");
  await page.goto("/staff/petitions");
  await expect(page.locator("main")).toContainText("陳○○");
  await scan("register");
  await page.getByRole("link", { name: number }).click();
  await scan("one message");
  await page.getByRole("button", { name: "由我承辦" }).click();
  await expect(page.getByRole("status")).toContainText("已儲存");
  await page.getByLabel(/回覆內容/).fill("謝謝您，已調高叫號音量。");
  await page.getByRole("button", { name: "送出回覆" }).click();
  await expect(page.locator("main")).toContainText("謝謝您，已調高叫號音量。");

  await page.goto("/mailbox/lookup");
  await page.getByLabel("案件編號").fill(number);
  await page.getByLabel(/電子郵件或電話/).fill("mei@example.com");
  await page.getByRole("button", { name: "查詢" }).click();
  await expect(page.locator("main")).toContainText("已調高叫號音量");
  await page.goto("/mailbox/statistics");
  await scan("statistics");
});
