// 滿意度調查: a citizen answers the survey (a refused try first) and reads the results; an
// editor opens the questions and the comments. Every page passes axe, JavaScript on and off.
import { test, expect } from "@playwright/test";
import { axeViolations } from "./axe";
import { signInAs } from "./accounts";



test("the survey is answered, its results read, its questions edited", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(120_000);
  const scan = async (label: string) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);
  const comment = javaScriptEnabled ? "等候區座位很舒服（甲）" : "等候區座位很舒服（乙）";

  await page.goto("/survey");
  await expect(page.locator("h1")).toHaveText("滿意度調查");
  await scan("survey");
  await page.getByRole("button", { name: "送出" }).click();
  await expect(page.getByRole("alert")).toContainText("請選擇一項");
  if (javaScriptEnabled) await scan("refused survey");
  await page.getByRole("group", { name: /整體而言/ }).getByRole("radio", { name: /非常滿意/ }).check();
  await page.getByRole("group", { name: "服務人員的態度" }).getByRole("radio", { name: /^4 / }).check();
  await page.getByRole("group", { name: "等候時間" }).getByRole("radio", { name: /^3 / }).check();
  await page.getByRole("group", { name: /如何辦理/ }).getByRole("radio", { name: "現場抽號" }).check();
  await page.getByLabel(/其他意見或建議/).fill(comment);
  await page.getByRole("button", { name: "送出" }).click();
  await expect(page.locator("h1")).toHaveText("謝謝您填寫");
  await scan("thanks");
  await page.getByRole("link", { name: "看調查結果" }).click();
  await expect(page.locator("figure svg").first()).toBeVisible();
  await expect(page.locator("main")).not.toContainText(comment);
  await scan("results");

  const who = javaScriptEnabled ? "survey.js" : "survey.nojs";
  await signInAs(page, who, "editor");
  await page.goto("/staff/surveys");
  await expect(page.locator("main")).toContainText(comment);
  await expect(page.locator('img[src="/survey/counter/main/c1/qr.svg"]')).toBeVisible();
  await scan("survey admin");

  // The QR code printed for a counter leads to that counter's survey.
  await page.getByRole("link", { name: /1 號櫃檯/ }).click();
  await expect(page.locator("h1")).toHaveText("櫃檯服務滿意度調查");
  await expect(page.locator("main")).toContainText("1 號櫃檯");
  await scan("counter survey");
});
