// 申請書表下載: a citizen finds a form in the catalogue, reads it online and downloads its ODT
// and PDF; after applying online, the confirmation page and the lookup give the form filled in.
// Every forms page passes axe, with JavaScript on and off.
import { test, expect } from "@playwright/test";
import { axeViolations } from "./axe";
import { nationalId } from "./ids";

test("forms are downloaded from the catalogue and, filled in, after applying", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(180_000);
  const scan = async (label: string) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);

  await page.goto("/services");
  await page.getByRole("link", { name: "申請書表下載" }).click();
  await expect(page.locator("h1")).toHaveText("申請書表下載");
  await scan("catalogue");
  await page.getByRole("navigation", { name: "書表分類" }).getByRole("link", { name: "身分證與印鑑" }).click();
  await expect(page.locator("main")).toContainText("印鑑登記申請書");
  await expect(page.locator("main")).not.toContainText("委託書");
  await scan("one topic");
  await page.getByRole("link", { name: "印鑑登記申請書", exact: true }).click();
  await expect(page.locator("h1")).toHaveText("印鑑登記申請書");
  await expect(page.locator("main")).toContainText("印鑑（請於框內蓋章）");
  await scan("form view");

  for (const [name, type, magic] of [
    ["下載 印鑑登記申請書（ODT 文件）", "application/vnd.oasis.opendocument.text", "PK"],
    ["下載 印鑑登記申請書（PDF）", "application/pdf", "%PDF"],
  ]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
    const path = await download.path();
    const bytes = (await import("node:fs")).readFileSync(path);
    expect(bytes.subarray(0, magic.length).toString("latin1"), name).toBe(magic);
    const response = await page.request.get(new URL(download.url()).pathname);
    expect(response.headers()["content-type"]).toBe(type);
  }

  // Apply online, then take the form filled in from the confirmation page.
  const id = nationalId(javaScriptEnabled ? "D20000001" : "D20000002");
  await page.goto("/services/delivery-address");
  await page.getByRole("button", { name: "開始申請" }).click();
  await page.getByLabel("姓名", { exact: true }).fill("林大同");
  await page.getByLabel(/國民身分證統一編號/).fill(id);
  await page.getByLabel("聯絡電話").fill("0912-345-678");
  await page.getByRole("button", { name: "繼續" }).click();
  await page.getByLabel("指定送達地址").fill("413 臺中市霧峰區中正路 1 號");
  await page.getByLabel("自哪一天起").fill(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
  await page.getByRole("button", { name: "繼續" }).click();
  await page.getByRole("button", { name: "送出申請" }).click();
  await expect(page.locator("h1")).toHaveText("申請已送出");
  const reference = (await page.locator(".reference").textContent()) ?? "";
  await expect(page.getByRole("heading", { name: "下載已填寫的申請書" })).toBeVisible();
  await scan("confirmation with the filled-in form");
  const [filled] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "下載 下載已填寫的申請書（PDF）" }).click(),
  ]);
  expect(filled.suggestedFilename()).toBe(`delivery-address-${reference}.pdf`);

  // The lookup offers it as well, and a link without its token is refused.
  await page.goto("/bookings/lookup");
  await page.getByLabel("預約或申請編號").fill(reference);
  await page.getByLabel(/國民身分證統一編號/).fill(id);
  await page.getByRole("button", { name: "查詢" }).click();
  const link = page.getByRole("link", { name: "下載 下載已填寫的申請書（ODT 文件）" });
  await expect(link).toBeVisible();
  await scan("lookup with the filled-in form");
  const href = (await link.getAttribute("href")) ?? "";
  expect((await page.request.get(href)).status()).toBe(200);
  expect((await page.request.get(href.split("?")[0])).status()).toBe(403);
});
