// axe-core scans (WCAG 2.0/2.1 A and AA). axe runs inside the page, so it needs JavaScript:
// for the no-JavaScript project the same URL is opened in a scripted context whose own
// scripts and WebAssembly are blocked, which leaves exactly the DOM a no-JS reader gets.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

function summary(violations: Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"]) {
  return violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}

export async function axeViolations(browser: Browser, page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) {
    return summary((await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations);
  }
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const context = await browser.newContext({ javaScriptEnabled: true, viewport });
  try {
    const cookies = await page.context().cookies();
    if (cookies.length) await context.addCookies(cookies);
    const scripted = await context.newPage();
    await scripted.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    await scripted.goto(page.url());
    return summary((await new AxeBuilder({ page: scripted }).withTags(TAGS).analyze()).violations);
  } finally {
    await context.close();
  }
}
