// The floor of "time to the first result" on this machine: a page that shows ten fixed results
// from a module script, without any engine or data, served and timed like the benchmark's pages
// (bench/scale/serve.mjs, a fresh browser context per run, the first `.hit` seen by a
// MutationObserver). No search page can show a result sooner than this one on the same machine.
//
//   node bench/floor.mjs [--runs 9]
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 9;
const root = fileURLToPath(new URL('./floor/', import.meta.url));
const server = spawn(process.execPath, [fileURLToPath(new URL('./scale/serve.mjs', import.meta.url)), root], { stdio: ['pipe', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(JSON.parse(String(d)).port)));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const observe = `new MutationObserver((records, o) => {
  if (records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1 && n.matches('.hit')))) {
    window.__firstHit = performance.now(); o.disconnect();
  }
}).observe(document, { childList: true, subtree: true });`;
try {
  const times = [];
  const paints = [];
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext();
    await context.addInitScript(observe);
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.__firstHit, null, { polling: 20 });
    times.push(await page.evaluate(() => window.__firstHit));
    paints.push(await page.evaluate(() => performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint')?.startTime ?? NaN));
    await context.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  console.log(`floor page, ${runs} cold runs: first .hit ${median(times).toFixed(0)} ms (median; ` +
    `min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}), ` +
    `first contentful paint ${median(paints).toFixed(0)} ms`);
} finally {
  await browser.close();
  server.kill();
}
