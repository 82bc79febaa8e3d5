// A clerk's day in the browser, with JavaScript on and off: sign in, open a counter, walk-ins
// take numbers at the kiosk, a priority arrival is entered, numbers are called and served, the
// call display follows (live with JavaScript, by reloading without), and every staff page
// passes axe.
import { test, expect, type Page, type Browser } from "@playwright/test";
import { axeViolations } from "./axe";
import { account, PASSWORD } from "./accounts";
import { nationalId } from "./ids";



async function signIn(page: Page, username: string) {
  await page.goto("/staff");
  await expect(page.locator("h1")).toHaveText("同仁登入");
  await page.getByLabel("帳號").fill(username);
  await page.getByLabel("密碼").fill(PASSWORD);
  await page.getByRole("button", { name: "登入" }).click();
  await expect(page.locator("h1")).toHaveText("同仁專區");
}

test("a day at the counters", async ({ page, browser, javaScriptEnabled, context }) => {
  test.setTimeout(180_000);
  const scan = async (label: string) =>
    expect(await axeViolations(browser, page, javaScriptEnabled), label).toEqual([]);
  // Each project has its own admin (admins may do a clerk's and a supervisor's work) and its
  // own service point, so the two projects' queues do not mix.
  const username = javaScriptEnabled ? "admin.js" : "admin.nojs";
  account(username, "admin");
  const place = javaScriptEnabled ? "main" : "side";
  const counterName = javaScriptEnabled ? /^1 號櫃檯/ : /^四德服務櫃檯/;
  const board = `/staff/board/${place}`;

  await page.goto("/staff/login");
  await scan("sign-in");
  await page.getByLabel("帳號").fill(username);
  await page.getByLabel("密碼").fill("wrong password here");
  await page.getByRole("button", { name: "登入" }).click();
  await expect(page.getByRole("alert")).toContainText("帳號或密碼不正確");
  await signIn(page, username);
  await scan("staff home");

  // Only the office's ticket machines give out numbers: first this browser is made one (an
  // administrator's work), then two walk-ins take numbers at it (a second tab, as at the
  // entrance).
  await page.goto(board);
  await page.getByRole("button", { name: "將這台裝置設為抽號機" }).click();
  await expect(page).toHaveURL(new RegExp(`/kiosk/${place}$`));
  await page.goto(board);
  await expect(page.getByRole("region", { name: "抽號機" })).toContainText("抽號機");
  await scan("board with its ticket machines");
  const kiosk = await context.newPage();
  await kiosk.goto(`/kiosk/${place}`);
  expect(await axeViolations(browser, kiosk, javaScriptEnabled), "kiosk").toEqual([]);
  await kiosk.getByRole("button", { name: /國民身分證/ }).click();
  await expect(kiosk.locator(".ticket .reference")).toHaveText(/^B\d{3}$/);
  const first = (await kiosk.locator(".ticket .reference").textContent()) ?? "";
  expect(await axeViolations(browser, kiosk, javaScriptEnabled), "kiosk with a number").toEqual([]);
  await kiosk.getByRole("button", { name: /戶籍登記/ }).click();
  const second = (await kiosk.locator(".ticket .reference").textContent()) ?? "";
  expect(second).not.toEqual(first);

  await page.goto(board);
  await expect(page.locator("h1")).toContainText("今日櫃檯");
  await scan("board");
  // A priority arrival is entered at the desk and jumps ahead of the walk-ins.
  await page.getByRole("button", { name: /愛心櫃檯登記/ }).click();
  await expect(page.getByRole("status")).toContainText(/已登記，號碼 C\d{3}/);
  const priority = ((await page.getByRole("status").textContent()) ?? "").match(/C\d{3}/)?.[0] ?? "";

  const display = await context.newPage();
  await display.goto(`/display/${place}`);
  expect(await axeViolations(browser, display, javaScriptEnabled), "display").toEqual([]);

  const counterRow = page.getByRole("row", { name: counterName }).first();
  await counterRow.getByRole("button", { name: "開啟櫃檯" }).click();
  await counterRow.getByRole("button", { name: "叫下一號" }).click();
  await expect(page.getByRole("status")).toContainText(`已叫號 ${priority}`);
  await scan("board with a called number");

  // The display shows the call: by itself with JavaScript, on reload without.
  if (!javaScriptEnabled) await display.reload();
  await expect(display.locator(".display-number").first()).toHaveText(priority, { timeout: 15_000 });

  await counterRow.getByRole("button", { name: "開始服務" }).click();
  await counterRow.getByRole("button", { name: "辦理完成" }).click();
  await counterRow.getByRole("button", { name: "叫下一號" }).click();
  await expect(page.getByRole("status")).toContainText(`已叫號 ${first}`);
  if (!javaScriptEnabled) await display.reload();
  await expect(display.locator(".display-number").first()).toHaveText(first, { timeout: 15_000 });
  await counterRow.getByRole("button", { name: "未到" }).click();

  await page.goto(`/staff/overview/${place}`);
  await expect(page.locator("main")).toContainText("今日已服務");
  await scan("overview");
  // A citizen's application becomes a case; the clerk opens it and tells them what is missing.
  const citizen = await context.newPage();
  await citizen.goto("/services/delivery-address");
  await citizen.getByRole("button", { name: "開始申請" }).click();
  await citizen.getByLabel("姓名", { exact: true }).fill("陳小美");
  await citizen.getByLabel(/國民身分證統一編號/).fill(nationalId(javaScriptEnabled ? "F20000001" : "F20000002"));
  await citizen.getByLabel("聯絡電話").fill("0912-345-678");
  await citizen.getByRole("button", { name: "繼續" }).click();
  await citizen.getByLabel("指定送達地址").fill("413 臺中市霧峰區中正路 1 號");
  await citizen.getByLabel("自哪一天起").fill(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
  await citizen.getByRole("button", { name: "繼續" }).click();
  await citizen.getByRole("button", { name: "送出申請" }).click();
  const reference = (await citizen.locator(".reference").textContent()) ?? "";

  await page.goto("/staff/cases");
  await scan("cases");
  await page.getByRole("link", { name: reference }).click();
  await expect(page.locator("h1")).toContainText(reference);
  await scan("case");
  await page.getByLabel("待補件，請與本所聯絡").check();
  await page.getByLabel(/給民眾的說明/).fill("請補附身分證影本");
  await page.getByRole("button", { name: "更新狀態" }).click();
  await expect(page.getByRole("status")).toContainText("已更新為");
  await page.goto("/staff/audit");
  await expect(page.locator("main")).toContainText("counter_opened");
  await scan("access log");
  await page.goto("/staff/accounts");
  await expect(page.locator("main")).toContainText(username);
  await scan("accounts");
  await page.goto("/staff/password");
  await scan("password");
  await page.getByRole("button", { name: "登出" }).click();
  await expect(page.locator("h1")).toHaveText("同仁登入");
});
