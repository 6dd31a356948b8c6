// Screenshots of the site and the widget, to look at after a UI change:
//   node tests/e2e/screenshots.mjs OUTDIR      (README uses docs/screenshots)
// Builds the bundled sample with target/debug/ticketsearch (or
// $TICKETSEARCH_BIN), serves it, and photographs the page (desktop, results,
// ticket view, empty and error states), a phone, dark mode, and the widget
// on a wiki-like page of another origin.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INPUT, buildSite, hostPage, hostServer, launch, remove, sample, serveSite, settled, tempDir } from './helpers.mjs';

const out = resolve(process.argv[2] ?? 'docs/screenshots');
mkdirSync(out, { recursive: true });

const WIKI_CSS = `
body { margin: 0; font: 16px/1.7 system-ui, "Noto Sans CJK SC", sans-serif; color: #24292f; background: #fff; }
header { background: #24292f; color: #fff; padding: 14px 32px; font-weight: 600; }
main { max-width: 760px; margin: 0 auto; padding: 28px 32px 420px; }
h1 { font-size: 28px; margin: 0 0 8px; }
p { color: #57606a; }
ticket-search { margin: 20px 0 28px; max-width: 560px; }
`;

const dir = tempDir('ts-shots-');
const server = await serveSite(buildSite([sample], dir), { cors: true });
const files = {};
const host = await hostServer(files);
const browser = await launch();
const shots = [];

async function shot(page, name, options = {}) {
  const path = join(out, `${name}.png`);
  await page.waitForTimeout(250); // let transitions finish
  await page.screenshot({ path, ...options });
  shots.push(path);
}

const typeQuery = async (page, q) => {
  await page.locator(INPUT).fill(q);
  await page.waitForFunction((x) => document.querySelector('ticket-search').view.query === x, q);
  await settled(page);
};

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();

  await page.goto(server.url);
  await settled(page);
  await shot(page, 'page-desktop');

  await typeQuery(page, '证书 处理中');
  await page.locator('ticket-search .facet-row').filter({ hasText: 'CDN' }).locator('input').check();
  await settled(page);
  await page.locator('ticket-search .facet-row').filter({ hasText: 'CDN' }).locator('.twisty').click();
  await page.locator(INPUT).focus();
  await page.keyboard.press('ArrowDown');
  await shot(page, 'results');

  await page.goto(`${server.url}#q=${encodeURIComponent('ChangeType 归档')}&t=part32-10`);
  await page.locator('ticket-search .ticket-title').waitFor();
  await shot(page, 'ticket', { fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });

  await page.goto(`${server.url}#q=${encodeURIComponent('kubernetes 扩容')}&f=CDN`);
  await page.locator('ticket-search .state-empty').waitFor();
  await shot(page, 'empty');

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  const p = await phone.newPage();
  await p.goto(`${server.url}#q=${encodeURIComponent('域名 证书')}`);
  await settled(p);
  await shot(p, 'phone');
  await p.goto(`${server.url}#t=part32-10`);
  await p.locator('ticket-search .ticket-title').waitFor();
  await p.evaluate(() => window.scrollTo(0, 900));
  await shot(p, 'phone-ticket');

  const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark', reducedMotion: 'reduce' });
  const d = await dark.newPage();
  await d.goto(`${server.url}#q=${encodeURIComponent('cdn 刷新')}`);
  await settled(d);
  await shot(d, 'dark');
  await d.goto(`${server.url}#t=part32-2`);
  await d.locator('ticket-search .ticket-title').waitFor();
  await shot(d, 'dark-ticket');

  // The error state, from a site whose manifest is damaged (served through a route).
  const e = await context.newPage();
  await e.route('**/index/manifest.bin', (route) => route.fulfill({ status: 200, body: Buffer.from('damaged') }));
  await e.goto(server.url);
  await e.locator('ticket-search .state-error').waitFor();
  await shot(e, 'error');

  // The widget on a wiki page of another origin.
  files['/host.html'] = {
    type: 'text/html; charset=utf-8',
    body: hostPage(server.url, host.url, {
      title: '运维知识库',
      body: `<header>运维知识库</header><main><h1>CDN 证书常见问题</h1><p>先搜一搜历史工单，看看别人是怎么解决的：</p><ticket-search id="w" src="${server.url}"></ticket-search><p>如果没有找到答案，请在工单系统中提交新工单。</p></main>`,
    }),
  };
  files['/hostile.css'] = { type: 'text/css', body: WIKI_CSS };
  const wiki = await context.newPage();
  await wiki.setViewportSize({ width: 1024, height: 720 });
  await wiki.goto(`${host.url}host.html`);
  await wiki.locator('#w [role="combobox"]').click();
  await wiki.keyboard.type('证书部署');
  await wiki.locator('#w [role="option"]').first().waitFor();
  await wiki.keyboard.press('ArrowDown');
  await shot(wiki, 'widget');
  await wiki.keyboard.press('Enter');
  await wiki.locator('#w dialog .ticket-title').waitFor();
  await shot(wiki, 'widget-ticket');

  await context.close();
  await phone.close();
  await dark.close();
} finally {
  await browser.close();
  await server.close();
  await host.close();
  remove(dir);
}

for (const s of shots) console.log(s);
