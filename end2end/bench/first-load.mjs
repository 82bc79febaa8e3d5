// Prints the bytes a first load of a page transfers in Chromium (compressed, as fetched),
// per resource and in total. Usage: node first-load.mjs http://127.0.0.1:3200/
import { chromium } from "@playwright/test";

const url = process.argv[2] ?? "http://127.0.0.1:3000/";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Network.enable");
await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
const requests = new Map();
cdp.on("Network.responseReceived", (e) => {
  requests.set(e.requestId, {
    url: e.response.url,
    type: e.type,
    encoding: e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"] ?? "identity",
  });
});
cdp.on("Network.loadingFinished", (e) => {
  const r = requests.get(e.requestId);
  if (r) r.bytes = e.encodedDataLength;
});
await page.goto(url, { waitUntil: "networkidle" });
// Give the islands time to hydrate, so the WebAssembly is counted.
await page.waitForTimeout(1500);
await browser.close();

let total = 0;
for (const r of requests.values()) {
  const bytes = r.bytes ?? 0;
  total += bytes;
  console.log(`${String(bytes).padStart(8)} B  ${r.type.padEnd(10)} ${r.encoding.padEnd(8)} ${r.url.replace(/^https?:\/\/[^/]+/, "")}`);
}
console.log(`${String(total).padStart(8)} B  total (${(total / 1024).toFixed(1)} KiB) in ${requests.size} requests`);
