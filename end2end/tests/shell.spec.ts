// The site shell as a person meets it: every page, with JavaScript on and off, the text-size
// and language switches, the print button, and an axe scan at phone and desktop widths.
import { test, expect, type Page } from "@playwright/test";
import { axeViolations } from "./axe";

const WIDTHS = [390, 1280];

/** Every page, read from the site map (which is made from the router's route table). */
async function sitePages(page: Page): Promise<string[]> {
  await page.goto("/sitemap");
  const hrefs = await page.locator("main .sitemap a").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href") ?? ""),
  );
  return [...new Set(hrefs)];
}

test("every page has its own title, a heading and no accessibility violations", async ({ page, browser, javaScriptEnabled }) => {
  // Two widths and an axe scan per page: allow time as the site grows.
  test.setTimeout(300_000);
  const paths = await sitePages(page);
  expect(paths.length).toBeGreaterThanOrEqual(8);
  const titles = new Set<string>();
  for (const path of paths) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator("h1")).toBeVisible();
      expect(await axeViolations(browser, page, javaScriptEnabled), `${path} at ${width}px`).toEqual([]);
      // Reflows without sideways scrolling on a phone.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${path} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
    }
    titles.add(await page.title());
  }
  expect(titles.size).toBe(paths.length);
});

test("the not-found page answers 404 and passes axe", async ({ page, browser, javaScriptEnabled }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.locator("h1")).toHaveText("找不到網頁");
  expect(await axeViolations(browser, page, javaScriptEnabled)).toEqual([]);
});

test("the text size switches both ways and is remembered across pages", async ({ page }) => {
  await page.goto("/about");
  await expect(page.locator("html")).toHaveClass("fs-m");
  const before = await page.locator("h1").evaluate((h) => parseFloat(getComputedStyle(h).fontSize));

  await page.getByRole("button", { name: "大" }).click();
  await expect(page).toHaveURL(/\/about$/);
  await expect(page.locator("html")).toHaveClass("fs-l");
  await expect(page.getByRole("button", { name: "大" })).toHaveAttribute("aria-pressed", "true");
  const larger = await page.locator("h1").evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
  expect(larger).toBeGreaterThan(before);

  await page.goto("/privacy");
  await expect(page.locator("html")).toHaveClass("fs-l");

  await page.getByRole("button", { name: "小" }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.locator("html")).toHaveClass("fs-s");
  const smaller = await page.locator("h1").evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
  expect(smaller).toBeLessThan(before);
});

test("the language switch shows the same page in English and back", async ({ page }) => {
  await page.goto("/about/hours");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/about\/hours$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("h1")).toHaveText("Opening hours");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("h1")).toHaveText("服務時間");
});

test("the skip link and access keys lead to the main content", async ({ page }) => {
  await page.goto("/about");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "跳到主要內容" });
  await expect(skip).toBeFocused();
  await expect(page.locator('a[accesskey="U"]')).toHaveCount(1);
  await expect(page.locator('a[accesskey="C"]')).toHaveCount(1);
  await expect(page.locator('a[accesskey="Z"]')).toHaveCount(1);
});

test("the print button appears only where JavaScript can print", async ({ page, javaScriptEnabled }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/about/contact");
  const button = page.getByRole("button", { name: "列印本頁" });
  if (javaScriptEnabled) {
    // The island hydrates: the button shows, and nothing broke on the way (CSP, WASM).
    await expect(button).toBeVisible();
    await page.evaluate(() => {
      (window as unknown as { printed: boolean }).printed = false;
      window.print = () => {
        (window as unknown as { printed: boolean }).printed = true;
      };
    });
    await button.click();
    expect(await page.evaluate(() => (window as unknown as { printed: boolean }).printed)).toBe(true);
    expect(errors).toEqual([]);
  } else {
    await expect(button).toBeHidden();
  }
});

test("printing leaves out the navigation and writes out link targets", async ({ page }) => {
  await page.goto("/about");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".main-nav")).toBeHidden();
  await expect(page.locator(".site-tools")).toBeHidden();
  const after = await page
    .locator('main a[href="/about/contact"]')
    .evaluate((a) => getComputedStyle(a, "::after").content);
  expect(after).toContain("/about/contact");
});
