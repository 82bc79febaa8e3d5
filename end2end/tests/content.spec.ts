// An editor writes an announcement, publishes it, and a citizen finds it by search and in the
// feed; the content and search pages pass axe, with JavaScript on and off.
import { test, expect } from "@playwright/test";
import { axeViolations } from "./axe";
import { account, PASSWORD } from "./accounts";



test("an announcement goes from the editor to search and the feed", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(180_000);
  const scan = async (label: string) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);
  const who = javaScriptEnabled ? "editor.js" : "editor.nojs";
  const slug = javaScriptEnabled ? "lantern-festival-js" : "lantern-festival-nojs";
  const title = javaScriptEnabled ? "元宵節燈會期間交通管制（甲）" : "元宵節燈會期間交通管制（乙）";
  account(who, "editor");

  // Citizens' pages first.
  for (const path of ["/news", "/faq", "/info", "/info/registration-info", "/news/wednesday-evening-service", "/feeds"]) {
    await page.goto(path);
    await scan(path);
  }
  await page.goto("/search?q=身份證");
  await expect(page.locator("ol.results li").first()).toBeVisible();
  await scan("search results");
  await page.goto("/search?q=完全不存在的詞彙組合");
  await expect(page.locator("main")).toContainText("找不到符合");
  await scan("no results");

  await page.goto("/staff/login");
  await page.getByLabel("帳號").fill(who);
  await page.getByLabel("密碼").fill(PASSWORD);
  await page.getByRole("button", { name: "登入" }).click();
  await page.goto("/staff/forms");
  await expect(page.locator("h1")).toHaveText("書表管理");
  await scan("forms upload page");
  await page.goto("/staff/content");
  await scan("content list");
  await page.getByRole("link", { name: "新增公告" }).click();
  await scan("new announcement");
  await page.getByLabel("分類").selectOption("news");
  await page.getByLabel("網址代稱").fill(slug);
  await page.getByLabel("標題（中文）").fill(title);
  await page.getByLabel("內文（中文，Markdown）").fill("燈會期間本所周邊道路**交通管制**，請多利用大眾運輸。");
  await page.getByRole("button", { name: "發布" }).click();
  await expect(page.getByRole("status")).toContainText("已儲存");
  await scan("saved");

  // A citizen searches (from the header's search box) and finds it, highlighted.
  await page.goto("/");
  await page.getByRole("searchbox", { name: "搜尋關鍵字" }).first().fill("燈會 交通管制");
  await page.getByRole("button", { name: "搜尋", exact: true }).first().click();
  await expect(page.locator("ol.results")).toContainText(title);
  await expect(page.locator("ol.results mark").first()).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  await expect(page.locator("h1")).toHaveText(title);
  await expect(page.locator(".prose strong")).toHaveText("交通管制");

  // And it is in the feed.
  const feed = await page.request.get("/feeds/news.atom");
  expect(feed.ok()).toBeTruthy();
  expect(await feed.text()).toContain(title);
});
