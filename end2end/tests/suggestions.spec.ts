// 創新服務及改進建議: a citizen makes a suggestion (a refused one first) and gets its number; an
// administrator puts two clerks into the review group; both score it, one records the decision;
// the citizen reads the result and the published change. Every page passes axe, with
// JavaScript on and off.
import { test, expect, type Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { account, signInAs } from "./accounts";

async function score(page: Page, values: [string, string, string]) {
  const groups = ["創新性", "可行性", /^效益/];
  for (const [i, value] of values.entries()) {
    await page.getByRole("group", { name: groups[i] }).getByRole("radio", { name: value, exact: true }).check();
  }
  await page.getByRole("button", { name: "儲存評分" }).click();
  await expect(page.getByRole("status")).toContainText("已儲存");
}

test("a suggestion is made, reviewed, adopted and published", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(180_000);
  const scan = async (label: string) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);
  const mode = javaScriptEnabled ? "js" : "nojs";
  const published = `預約簡訊提醒（${mode}）`;

  await page.goto("/suggestions");
  await expect(page.locator("h1")).toHaveText("創新服務及改進建議");
  await scan("published list");
  await page.getByRole("link", { name: "提出建議" }).click();
  await expect(page.locator("h1")).toHaveText("提出改進建議");
  await scan("form");
  await page.getByRole("radio", { name: "便民服務" }).check();
  await page.getByRole("button", { name: "送出建議" }).click();
  await expect(page.getByRole("alert")).toContainText("請填寫此欄");
  if (javaScriptEnabled) await scan("refused suggestion");
  await page.getByLabel("建議主題").fill("預約前一天提醒");
  await page.getByLabel("建議做法與預期效益").fill("預約前一天寄提醒，減少未到。");
  await page.getByLabel("電子郵件（可不填）").fill("lin@example.com");
  await page.getByRole("button", { name: "送出建議" }).click();
  await expect(page.locator("h1")).toHaveText("建議處理情形查詢");
  await expect(page.getByRole("status")).toContainText("已收到您的建議");
  const number = ((await page.locator(".reference-inline").textContent()) ?? "").trim();
  expect(number).toMatch(/^S/);
  await scan("status");

  const [first, second] = [`sugg1.${mode}`, `sugg2.${mode}`];
  account(first, "clerk");
  account(second, "clerk");
  await signInAs(page, `sugg.admin.${mode}`, "admin");
  await page.goto("/staff/accounts");
  for (const name of [first, second]) {
    const row = page.getByRole("row", { name: new RegExp(name.replace(".", "\\.")) });
    const join = row.getByRole("button", { name: "加入審查小組" });
    if (await join.count()) await join.click();
    await expect(page.getByRole("row", { name: new RegExp(name.replace(".", "\\.")) }).getByRole("button", { name: "退出審查小組" })).toBeVisible();
  }

  await signInAs(page, first, "clerk");
  await page.goto("/staff/suggestions");
  await scan("staff list");
  await page.getByRole("link", { name: number }).click();
  await scan("review");
  await score(page, ["4", "5", "4"]);

  await signInAs(page, second, "clerk");
  await page.goto(`/staff/suggestions/${number}`);
  await score(page, ["3", "4", "5"]);
  await expect(page.locator("tfoot")).toContainText("12.5");
  await page.getByRole("group", { name: "決議" }).getByRole("radio", { name: "採納", exact: true }).check();
  await page.getByLabel(/決議說明/).fill("可行，下月起實施。");
  await page.getByLabel("公布的標題").fill(published);
  await page.getByLabel("公布的改變內容").fill("預約前一天寄出提醒信。");
  await page.getByRole("button", { name: "記錄決議" }).click();
  await expect(page.getByRole("status")).toContainText("已儲存");
  await expect(page.locator("main")).toContainText("下月起實施");
  await scan("decided");

  await page.goto(`/suggestions/status?number=${number}`);
  await expect(page.locator("main")).toContainText("採納");
  await expect(page.locator("main")).toContainText("預約前一天寄出提醒信");
  await page.goto("/suggestions");
  await expect(page.locator("main")).toContainText(published);
  await scan("published");
});
