// Opens health-service's status page in headless Chromium, JavaScript off, at a phone's and a
// desktop's width, as visitors see it; saves a screenshot of each and prints what it saw as one
// JSON line. Used by health-service's StatusPageBrowserTest.
// Usage: node status-page.mjs <url> <outdir>; CHROMIUM names the browser (default /usr/bin/chromium).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, outdir] = process.argv.slice(2);
if (!url || !outdir) {
  console.error('usage: node status-page.mjs <url> <outdir>');
  process.exit(2);
}
const viewports = { phone: { width: 375, height: 800 }, desktop: { width: 1280, height: 900 } };

mkdirSync(outdir, { recursive: true });
// --no-sandbox: the tests may run as root, where Chromium's sandbox refuses to start.
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'] });
try {
  const summary = {};
  for (const [name, viewport] of Object.entries(viewports)) {
    const context = await browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: 'load' });
    const components = await page.locator('.component').evaluateAll(items => items.map(item => ({
      name: item.querySelector('.name').innerText,
      state: item.querySelector('.state').innerText,
      section: item.closest('section').querySelector('h2').innerText,
      cells: item.querySelectorAll('.bar .cell').length,
      titledCells: [...item.querySelectorAll('.bar .cell')].filter(cell => cell.title.includes('UTC')).length,
    })));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    const banner = await page.locator('#storage-down').count() > 0;
    await page.screenshot({ path: join(outdir, `${name}.png`), fullPage: true });
    summary[name] = { status: response.status(), width: viewport.width, components, overflow, banner };
    await context.close();
  }
  console.log(JSON.stringify(summary));
} finally {
  await browser.close();
}
