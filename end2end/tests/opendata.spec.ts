// 資訊公開 and 資料開放專區 as a citizen and an editor use them: the eight categories, a dataset
// with its metadata and downloads, the statistics charts, the plan, an editor's new CSV version
// and a broken one refused. Every page passes axe, with JavaScript on and off.
import { test, expect } from "@playwright/test";
import { axeViolations } from "./axe";
import { signInAs } from "./accounts";



test("open data is found, read, downloaded and updated", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(180_000);
  const scan = async (label: string) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);

  await page.goto("/about");
  await page.getByRole("link", { name: "資訊公開" }).first().click();
  await expect(page.locator("h1")).toHaveText("資訊公開");
  await expect(page.locator("main")).toContainText("公共工程契約");
  await scan("disclosure");
  await page.getByRole("link", { name: /提升服務品質執行計畫/ }).click();
  await expect(page.locator("main")).toContainText("政府服務躍升方案");
  await scan("plan");

  await page.goto("/opendata");
  await scan("catalogue");
  await page.getByRole("navigation", { name: "資料類別" }).getByRole("link", { name: "請願及訴願" }).click();
  await expect(page.locator("main")).toContainText("人民陳情案件統計");
  await scan("one category");
  await page.getByRole("link", { name: /人民陳情案件統計/ }).first().click();
  await expect(page.getByRole("row", { name: /授權方式/ })).toContainText("政府資料開放授權條款");
  await scan("dataset");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /（CSV）/ }).click()]);
  expect(csv.suggestedFilename()).toBe("petition-statistics.csv");

  await page.goto("/statistics");
  await expect(page.locator("figure svg")).toHaveCount(4);
  await expect(page.getByRole("table").first()).toBeVisible();
  await scan("statistics");

  // An editor uploads a new version; a file that is not UTF-8 is refused with a message.
  const who = javaScriptEnabled ? "data.js" : "data.nojs";
  await signInAs(page, who, "editor");
  await page.goto("/staff/opendata");
  await scan("editor's datasets");
  const input = page.getByLabel(/上傳新版本：離婚登記對數/);
  await input.setInputFiles({ name: "divorces.csv", mimeType: "text/csv", buffer: Buffer.from([0xc2, 0x2c, 0x31, 0x0a]) });
  await input.locator("xpath=ancestor::form").getByRole("button", { name: "上傳新版本", exact: true }).click();
  await expect(page.locator("main")).toContainText("UTF-8");
  // The refused page answers a POST: the scan without JavaScript reloads by GET, so it runs
  // on the scripted run only (the page is the same markup either way).
  if (javaScriptEnabled) await scan("refused upload");
  const again = page.getByLabel(/上傳新版本：離婚登記對數/);
  await again.setInputFiles({ name: "divorces.csv", mimeType: "text/csv", buffer: Buffer.from("月份,離婚對數\n2026-11,7\n") });
  await again.locator("xpath=ancestor::form").getByRole("button", { name: "上傳新版本", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("已更新");
  const data = await page.request.get("/opendata/divorces-monthly/data.json");
  expect(await data.json()).toEqual([{ 月份: "2026-11", 離婚對數: "7" }]);
});
