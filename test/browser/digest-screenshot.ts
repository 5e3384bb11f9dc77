// `npm run digest:screenshot`: a PNG of the top of escrow-digest's preview for the first demo recipient, as
// Chromium renders it, for the worker's README (the whole digest runs to some 4,500 px: unreadable at README size). It starts the workers as the browser tests do (fresh sandbox state, so the fixtures'
// date and deadlines) and writes workers/escrow-digest/docs/digest-preview.png.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { resolveChromium } from "./chromium-path.ts";
import { startLocalWorkers } from "./local-workers.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(REPO_ROOT, "workers/escrow-digest/docs/digest-preview.png");
const RECIPIENT = "jordan.lee@example.com";

process.chdir(REPO_ROOT); // the workers' configs and state are relative to the repository
const launch = await resolveChromium();
console.log(`Chromium: ${launch.description}`);
const workers = await startLocalWorkers();
try {
  const browser = await chromium.launch({
    executablePath: launch.executablePath,
    env: { ...(process.env as Record<string, string>), ...launch.env },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    // About a desktop mail client's reading pane; the email's own column is 600 px.
    const context = await browser.newContext({ viewport: { width: 720, height: 1100 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    // The token on the worker's own requests only (the email loads nothing else, and must not).
    await page.route(`${workers.digestUrl}/**`, (route) =>
      route.continue({
        headers: { ...route.request().headers(), authorization: `Bearer ${workers.digestOperatorToken}` },
      }),
    );
    const res = await page.goto(`${workers.digestUrl}/preview?recipient=${encodeURIComponent(RECIPIENT)}`);
    if (res?.status() !== 200) throw new Error(`/preview answered ${res?.status()}: ${await res?.text()}`);
    // A preview with no deadline in it would make a screenshot that shows nothing of the digest.
    if ((await page.getByRole("heading", { level: 2 }).count()) === 0) throw new Error("the preview has no sections");
    mkdirSync(dirname(OUT), { recursive: true });
    await page.screenshot({ path: OUT });
    console.log(`wrote ${OUT.slice(REPO_ROOT.length)} (${await page.title()})`);
  } finally {
    await browser.close();
  }
} finally {
  workers.stop();
}
