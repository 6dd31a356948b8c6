// Browser numbers of a built site, in headless Chromium against a local server:
//   node bench/browser.mjs --site DIR [--label NAME] [--bin target/release/ticketsearch] [--runs 5]
// - cold: a fresh browser context per run (empty cache); time from navigation to the first
//   result of `#q=证书` entering the page (a MutationObserver in the page, as bench/scale.mjs
//   does), and the bytes transferred by then (all requests);
// - warm: per-keystroke latency of the JS API's search() for "证", "证书", "证书 处",
//   "证书 处理中" (median and p95 over 25 rounds), in a page that has searched once;
// - memory: JS heap after 40 searches (CDP Performance metrics) and the wasm memory.
// Prints one Markdown table row per measurement.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const site = arg('site');
const label = arg('label', site);
const bin = arg('bin', 'target/release/ticketsearch');
const runs = Number(arg('runs', '5'));
if (!site) throw new Error('usage: node bench/browser.mjs --site DIR [--label NAME]');

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const server = spawn(bin, ['serve', site, '--port', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 300));
const base = `http://127.0.0.1:${port}/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});
// Records when the first `.hit` enters the DOM (the component's shadow root included), in the
// page itself: the time a person would see it, without the test's polling or round trips.
const FIRST_HIT = `(() => {
  const seen = (records, o) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeType === 1 && (n.matches('.hit') || n.querySelector('.hit'))) {
        window.__firstHit ??= performance.now();
      }
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    observer.observe(root, { childList: true, subtree: true });
    return root;
  };
})();`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };

try {
  const cold = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let bytes = 0;
    const files = [];
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    cdp.on('Network.responseReceived', (e) => files.push(new URL(e.response.url).pathname));
    await context.addInitScript(FIRST_HIT);
    await page.goto(`${base}#q=${encodeURIComponent('证书')}`);
    await page.waitForFunction(() => window.__firstHit, null, { timeout: 30000, polling: 20 });
    const ms = await page.evaluate(() => window.__firstHit);
    cold.push({ ms, bytes, files: files.length });
    await context.close();
  }
  const cms = median(cold.map((c) => c.ms));
  const cbytes = median(cold.map((c) => c.bytes));
  console.log(`| ${label} | cold: navigation → first result of 证书 | ${cms.toFixed(0)} ms | ${(cbytes / 1024).toFixed(1)} KiB in ${cold[0].files} requests |`);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base);
  const warm = await page.evaluate(async () => {
    const { open } = await import('./ticketsearch.js');
    const ts = await open();
    const keys = ['证', '证书', '证书 处', '证书 处理中'];
    for (const q of keys) await ts.search(q); // load what they need
    const times = Object.fromEntries(keys.map((k) => [k, []]));
    for (let round = 0; round < 25; round++) {
      for (const q of keys) {
        const t = performance.now();
        await ts.search(q, { limit: 10 });
        times[q].push(performance.now() - t);
      }
    }
    return times;
  });
  for (const [q, xs] of Object.entries(warm)) {
    console.log(`| ${label} | warm search("${q}") | median ${median(xs).toFixed(2)} ms | p95 ${p95(xs).toFixed(2)} ms |`);
  }
  const all = Object.values(warm).flat();
  console.log(`| ${label} | warm keystroke sequence, all | median ${median(all).toFixed(2)} ms | p95 ${p95(all).toFixed(2)} ms |`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.evaluate(async () => {
    const { open } = await import('./ticketsearch.js');
    const ts = await open();
    const qs = ['证书', '处理中', 'kodo-browser', '403', '视频卡顿', 'dns缓存', '发票', '回源', '刷新', '防盗链'];
    for (let i = 0; i < 40; i++) await ts.search(qs[i % qs.length]);
  });
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  console.log(`| ${label} | memory after 40 searches | JS heap ${(metrics.JSHeapUsedSize / 1048576).toFixed(1)} MiB | total heap ${(metrics.JSHeapTotalSize / 1048576).toFixed(1)} MiB |`);

  // Responsiveness while typing on the page (is a Web Worker needed?): a
  // person types "证书 处理中" at 8 keys a second into the page's search box
  // (cold page, so the first keys also load the index); the browser's Event
  // Timing API gives each key's input delay + processing + next paint, and
  // long tasks (> 50 ms) are counted.
  const typing = await browser.newContext();
  const tpage = await typing.newPage();
  await tpage.addInitScript(() => {
    window.__events = [];
    window.__long = [];
    new PerformanceObserver((l) => window.__events.push(...l.getEntries().map((e) => ({ name: e.name, duration: e.duration, delay: e.processingStart - e.startTime }))))
      .observe({ type: 'event', durationThreshold: 16, buffered: true });
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration)))
      .observe({ type: 'longtask', buffered: true });
  });
  await tpage.goto(base);
  const box = tpage.locator('ticket-search input[type="search"], ticket-search input').first();
  await box.waitFor();
  await box.click();
  await tpage.keyboard.type('证书 处理中', { delay: 125 });
  await tpage.waitForTimeout(1000);
  const seen = await tpage.evaluate(() => ({ events: window.__events, long: window.__long }));
  const keyEvents = seen.events.filter((e) => ['keydown', 'keypress', 'keyup', 'input', 'beforeinput'].includes(e.name));
  const worst = keyEvents.reduce((m, e) => Math.max(m, e.duration), 0);
  console.log(`| ${label} | typing 证书 处理中 on the page (cold) | key events ≥ 16 ms: ${keyEvents.length}, worst ${worst.toFixed(0)} ms | long tasks: ${seen.long.length}${seen.long.length ? ` (max ${Math.max(...seen.long).toFixed(0)} ms)` : ''} |`);
  await typing.close();
} finally {
  await browser.close();
  server.kill();
}
