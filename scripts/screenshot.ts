/**
 * Screenshots of the explorer for the README: npm run screenshot -- URL FILE [WIDTH HEIGHT [WAIT_MS]].
 * Opens the page in headless Chromium, waits until the explorer is loaded, and saves a PNG.
 */
import { launchBrowser } from "../tests/helpers/browser.ts";

const [url = "http://127.0.0.1:3000/", file = "screenshot.png", width = "1400", height = "850", wait = "2500"] =
  process.argv.slice(2);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => (window as { atlas?: { status: { loaded: boolean } } }).atlas?.status.loaded, null, {
    timeout: 60_000,
  });
  await page.waitForTimeout(Number(wait));
  await page.screenshot({ path: file });
  console.log(`screenshot: ${file}`);
} finally {
  await browser.close();
}
