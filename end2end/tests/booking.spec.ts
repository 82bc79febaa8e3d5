// Booking a registration visit as a citizen would, with JavaScript on and off, with an axe
// scan on every question page.
import { test, expect } from "@playwright/test";
import { axeViolations } from "./axe";
import { nationalId } from "./ids";
import { mailedCode } from "./mail";

test("a registration visit is booked page by page on a phone", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const scan = async (label: string) => {
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${label} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  };
  const next = () => page.getByRole("button", { name: "繼續" }).click();

  await page.goto("/services/registration-visit");
  await page.getByRole("button", { name: "開始預約" }).click();

  await expect(page.locator("h1")).toHaveText("您要辦理什麼項目？");
  await scan("item");
  await page.getByLabel(/^出生登記/).check();
  await next();

  await expect(page.locator("h1")).toHaveText("要同時辦理其他機關的服務嗎？");
  await page.getByLabel("同時申請勞保生育給付").check();
  await next();

  await expect(page.locator("h1")).toHaveText("您要到哪個服務地點？");
  await page.getByLabel(/本所/).check();
  await next();

  await expect(page.locator("h1")).toHaveText("您要哪一天來？");
  await scan("day");
  await page.locator('input[name="day"]').first().check();
  await next();

  await expect(page.locator("h1")).toHaveText("您要幾點來？");
  await page.locator('input[name="time"]').first().check();
  await next();

  await expect(page.locator("h1")).toHaveText("申請人資料");
  // A mistyped number first: the error summary names it and links to the field.
  await page.getByLabel("姓名").fill("陳小美");
  await page.getByLabel(/國民身分證統一編號/).fill("A123456788");
  await page.getByLabel("聯絡電話").fill("0912-345-678");
  await next();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("檢查碼不正確");
  await scan("details with an error");
  await summary.getByRole("link").click();
  await expect(page.getByLabel(/國民身分證統一編號/)).toBeFocused();
  const id = nationalId(javaScriptEnabled ? "C20000001" : "C20000002");
  await page.getByLabel(/國民身分證統一編號/).fill(id);
  await next();

  await expect(page.locator("h1")).toHaveText("確認您的預約資料");
  await expect(page.locator("main")).toContainText(id.slice(0, 3) + "****" + id.slice(7));
  await expect(page.locator("main")).not.toContainText(id);
  await scan("check");
  await page.getByRole("button", { name: "確認預約" }).click();

  await expect(page.locator("h1")).toHaveText("預約完成");
  await expect(page.locator(".reference")).toHaveText(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await expect(page.getByRole("img", { name: /^QR code/ })).toBeVisible();
  await scan("done");
  const reference = (await page.locator(".reference").textContent()) ?? "";

  // Look it up and cancel it: the link asks first, the button cancels.
  await page.getByRole("link", { name: "查詢預約與申請" }).first().click();
  await page.getByLabel("預約或申請編號").fill(reference.toLowerCase());
  await page.getByLabel(/國民身分證統一編號/).fill(id);
  await page.getByRole("button", { name: "查詢" }).click();
  await expect(page.locator("main")).toContainText("已預約");
  await scan("lookup result");
  await page.getByRole("link", { name: "取消這筆預約" }).click();
  await expect(page.locator("main")).toContainText("確定要取消這筆預約嗎");
  await scan("cancel confirmation");
  await page.getByRole("button", { name: "是，取消預約" }).click();
  await expect(page.locator("main")).toContainText("預約已取消");
});

test("a marriage registration asks for both parties and passes axe", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(180_000);
  const scan = async (label: string) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);
  const next = () => page.getByRole("button", { name: "繼續" }).click();

  await page.goto("/services/marriage");
  await page.getByRole("button", { name: "開始預約" }).click();
  await expect(page.locator("h1")).toHaveText("您要到哪個服務地點？");
  await page.getByLabel(/本所/).check();
  await next();
  await page.locator('input[name="day"]').last().check();
  await next();
  await page.locator('input[name="time"]').last().check();
  await next();
  await page.getByLabel("姓名").fill("張志明");
  await page.getByLabel(/國民身分證統一編號/).fill(nationalId(javaScriptEnabled ? "K10000001" : "K10000002"));
  await page.getByLabel("聯絡電話").fill("0912345678");
  // Popular days are confirmed by e-mail: the address is needed.
  await next();
  await expect(page.getByRole("alert")).toContainText("熱門日期的預約須以電子郵件確認");
  const email = javaScriptEnabled ? "couple.js@example.com" : "couple.nojs@example.com";
  await page.getByLabel("電子郵件", { exact: true }).fill(email);
  await next();

  await expect(page.locator("h1")).toHaveText("另一方當事人資料");
  await scan("partner");
  await page.getByLabel(/另一方姓名/).fill("Marie DUPONT");
  await page.getByLabel("其他國籍").check();
  await page.getByLabel(/護照號碼/).fill("18AB12345");
  await next();

  await expect(page.locator("h1")).toHaveText("確認您的預約資料");
  await expect(page.locator("main")).toContainText("18*****45");
  await page.getByRole("button", { name: "確認預約" }).click();

  // The seat is held while the code mailed to the couple is typed.
  await expect(page.locator("h1")).toHaveText("輸入確認碼");
  await expect(page.locator("main")).toContainText("c***@example.com");
  await scan("code");
  await page.getByLabel("確認碼").fill("000000");
  await page.getByRole("button", { name: "完成預約" }).click();
  await expect(page.getByRole("alert")).toContainText("還可以再試 4 次");
  await scan("code, wrong");
  await page.getByLabel("確認碼").fill(mailedCode(email));
  await page.getByRole("button", { name: "完成預約" }).click();
  await expect(page.locator("h1")).toHaveText("預約完成");
});
