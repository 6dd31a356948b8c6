// The full search page (index.html → app.js → <ticket-search mode="page">)
// on the bundled sample, in Debian's Chromium: typing, filters and counts,
// the ticket view, the URL, the keyboard, empty results, phone width, dark
// mode, English, accessibility, and no console errors or CSP violations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { INPUT, axe, bin, buildSite, launch, remove, root, sample, serveSite, settled, tempDir, watch } from './helpers.mjs';

let browser;
let dir;
let site;
let server;
let page;
let w;
let tickets;

/** The CLI's answer for the same query (the same engine, natively). */
function cli(query, filters = []) {
  const args = ['search', site, query, '--json', '--limit', '10', ...filters.flatMap((f) => ['--filter', f])];
  return JSON.parse(execFileSync(bin, args, { cwd: root, encoding: 'utf8' }));
}

/** Waits until the component shows the results of `query` (not busy). */
function results(p, query) {
  return p.waitForFunction((q) => {
    const el = document.querySelector('ticket-search');
    const r = el?.shadowRoot?.querySelector('.root');
    return el.view?.query === q && r && !r.classList.contains('is-busy') && (r.querySelector('.summary').textContent || r.querySelector('.state-empty, .state-error'));
  }, query);
}

const summary = (p = page) => p.locator('ticket-search .summary').textContent();
const ids = (p = page) => p.locator('ticket-search [role="option"]').evaluateAll((els) => els.map((e) => e.dataset.id));
const productBox = (name, p = page) => p.locator('ticket-search .facet:not(.facet-sub)').filter({ has: p.locator(`.facet-row .facet-name:text-is("${name}")`) }).locator('.facet-row input');
const productCount = (name, p = page) => p.locator('ticket-search .facet:not(.facet-sub)').filter({ has: p.locator(`.facet-row .facet-name:text-is("${name}")`) }).locator('.facet-row .facet-count').textContent();
const hash = (p = page) => p.evaluate(() => decodeURIComponent(location.hash));
const focused = (p = page) =>
  p.evaluate(() => {
    const inner = document.activeElement?.shadowRoot?.activeElement;
    return inner ? inner.getAttribute('role') ?? inner.tagName : document.activeElement?.tagName;
  });

async function search(query, p = page) {
  await p.locator(INPUT).fill(query);
  await results(p, query);
}

describe('full page', () => {
  before(async () => {
    browser = await launch();
    dir = tempDir();
    site = buildSite([sample], dir);
    server = await serveSite(site);
    tickets = new Map(
      execFileSync(bin, ['export', sample], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((t) => [t.id, t]),
    );
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    w = await watch(page);
    await page.goto(server.url);
    await settled(page);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    remove(dir);
  });

  test('browse: every ticket, counts per product, more on demand', async () => {
    assert.match(await summary(), /^共 114 张工单 · 耗时 [\d.]+ 毫秒$/);
    const counts = await page.locator('ticket-search .facet:not(.facet-sub) > .facet-row .facet-count').allTextContents();
    assert.equal(counts.map(Number).reduce((a, b) => a + b, 0), 114);
    assert.equal(await page.locator('ticket-search [role="option"]').count(), 10);
    const more = page.locator('ticket-search button.more');
    assert.equal(await more.textContent(), '显示更多结果（已显示 10 / 114）');
    await more.click();
    await page.waitForFunction(() => document.querySelector('ticket-search').shadowRoot.querySelectorAll('[role="option"]').length === 20);
    assert.equal(new Set(await ids()).size, 20, 'the second page adds other tickets');
  });

  test('typing: results per keystroke, highlighted titles, the same ranking as the CLI', async () => {
    await page.evaluate(() => {
      window.__queries = [];
      document.querySelector('ticket-search').addEventListener('ticket-results', (e) => window.__queries.push(e.detail.query));
    });
    await page.locator(INPUT).click();
    await page.keyboard.type('证');
    await results(page, '证');
    assert.ok((await ids()).length > 0, 'one character already finds tickets');
    await page.keyboard.type('书');
    await results(page, '证书');
    const queries = await page.evaluate(() => window.__queries);
    assert.ok(queries.includes('证') && queries.includes('证书'), `searched ${JSON.stringify(queries)}`);
    const expected = cli('证书');
    assert.match(await summary(), new RegExp(`^共 ${expected.total} 条结果 · 耗时 [\\d.]+ 毫秒$`));
    assert.deepEqual(await ids(), expected.hits.map((h) => h.id));
    const marks = await page.locator('ticket-search [role="option"] .hit-title mark').allTextContents();
    assert.ok(marks.length > 5 && marks.every((m) => m === '证书'), `marks ${marks}`);
    assert.ok(await page.locator('ticket-search [role="option"] .hit-snippet mark').count() > 5, 'snippets are highlighted');
    assert.equal(await hash(), '#q=证书', 'typing keeps the query in the URL');
  });

  test('fast typing: stale answers are dropped, the last query wins', async () => {
    await page.locator(INPUT).fill('');
    await page.evaluate(() => (window.__queries = []));
    await page.keyboard.type('cdn证书部署处理中');
    await results(page, 'cdn证书部署处理中');
    const expected = cli('cdn证书部署处理中');
    assert.deepEqual(await ids(), expected.hits.map((h) => h.id));
    const queries = await page.evaluate(() => window.__queries);
    assert.equal(queries.at(-1), 'cdn证书部署处理中', `answers shown: ${JSON.stringify(queries)}`);
  });

  test('filters: multi-select, disjunctive live counts, sub-categories, clear all', async () => {
    await search('证书');
    assert.equal(await productCount('CDN'), '14');
    assert.equal(await productCount('对象存储'), '3');

    await productBox('CDN').check();
    await results(page, '证书');
    assert.match(await summary(), /^共 14 条结果/);
    assert.equal(await productCount('对象存储'), '3', 'the selection does not shrink the alternatives');
    assert.equal(await hash(), '#q=证书&f=CDN');
    assert.deepEqual(new Set((await ids()).map((id) => cli('证书').hits.find((h) => h.id === id)?.product ?? 'CDN')), new Set(['CDN']));

    await productBox('对象存储').check();
    await results(page, '证书');
    assert.match(await summary(), /^共 17 条结果/);

    // Expanding CDN shows its sub-categories, all ticked (the product stands for them).
    const cdn = page.locator('ticket-search .facet:not(.facet-sub)').filter({ has: page.locator('.facet-row .facet-name:text-is("CDN")') });
    await cdn.locator('.twisty').click();
    assert.equal(await cdn.locator('.twisty').getAttribute('aria-expanded'), 'true');
    const subs = cdn.locator('.facet-sub');
    assert.deepEqual(await subs.locator('.facet-name').allTextContents(), ['证书问题', '其他类咨询']);
    assert.deepEqual(await subs.locator('.facet-count').allTextContents(), ['13', '1']);
    await subs.filter({ hasText: '证书问题' }).locator('input').uncheck();
    await results(page, '证书');
    assert.match(await summary(), /^共 4 条结果/);
    assert.equal(await productBox('CDN').evaluate((b) => b.indeterminate), true);
    assert.equal(await hash(), '#q=证书&f=对象存储&f=CDN｜其他类咨询');
    // Ticking it again selects the whole product.
    await subs.filter({ hasText: '证书问题' }).locator('input').check();
    await results(page, '证书');
    assert.match(await summary(), /^共 17 条结果/);
    assert.equal(await productBox('CDN').isChecked(), true);

    await page.locator('ticket-search .clear-all').click();
    await results(page, '证书');
    assert.match(await summary(), /^共 17 条结果/);
    assert.equal(await page.locator('ticket-search .facet input:checked').count(), 0);
    assert.equal(await hash(), '#q=证书');
    assert.equal(await page.locator('ticket-search .clear-all').isDisabled(), true);
  });

  test('ticket view: description, numbered answers, chat with code, automatic root cause', async () => {
    const t = tickets.get('part32-10');
    await search('ChangeType 归档存储');
    await page.locator('ticket-search [role="option"][data-id="part32-10"]').click();
    const view = page.locator('ticket-search .ticket-view');
    await view.locator('.ticket-title').waitFor();
    assert.equal(await view.locator('.ticket-title').textContent(), t.title);
    assert.equal(await focused(), 'H2', 'focus moves to the ticket heading');
    assert.deepEqual(await view.locator('.ticket-meta .chip').allTextContents(), [t.product, t.subcategory]);
    assert.equal(await view.locator('.answer').count(), t.answers.length);
    assert.deepEqual(await view.locator('.answer-num').allTextContents(), t.answers.map((_, i) => String(i + 1)));
    assert.equal(await view.locator('.msg-customer').count(), t.conversation.filter((m) => m.role === 'customer').length);
    assert.equal(await view.locator('.msg-agent').count(), t.conversation.filter((m) => m.role === 'agent').length);
    const code = await view.locator('.msg-agent pre.code').first().textContent();
    assert.ok(code.includes('string Bucket = "7qiniu";') && code.includes('\n'), 'pasted code stays code, line by line');
    assert.equal(await view.locator('.root-cause .badge').textContent(), '自动分析');
    assert.ok((await view.locator('.root-cause').textContent()).includes(t.root_cause));
    assert.equal(await page.locator('ticket-search .main').isVisible(), false);
    assert.equal(await hash(), '#q=ChangeType 归档存储&t=part32-10');
    assert.equal(await page.title(), `${t.title} · 工单搜索`);
  });

  test('URL: a shared link opens the same view; back and forward; reload restores', async () => {
    await page.goto(`${server.url}#q=${encodeURIComponent('证书')}&f=CDN`);
    await results(page, '证书');
    assert.equal(await page.locator(INPUT).inputValue(), '证书');
    assert.equal(await productBox('CDN').isChecked(), true);
    assert.match(await summary(), /^共 14 条结果/);

    const first = (await ids())[0];
    await page.locator('ticket-search [role="option"]').first().click();
    await page.locator('ticket-search .ticket-title').waitFor();
    assert.equal(await hash(), `#q=证书&f=CDN&t=${first}`);

    await page.goBack();
    await page.locator('ticket-search .ticket-view').waitFor({ state: 'hidden' });
    assert.equal(await hash(), '#q=证书&f=CDN');
    assert.equal(await page.locator('ticket-search [role="option"]').count(), 10, 'the first page of the 14');

    await page.goForward();
    await page.locator('ticket-search .ticket-view .ticket-title').waitFor();
    assert.equal(await page.locator('ticket-search .ticket-view .ticket-title').textContent(), tickets.get(first).title);

    await page.reload();
    await page.locator('ticket-search .ticket-view .ticket-title').waitFor();
    assert.equal(await page.locator('ticket-search .ticket-view .ticket-title').textContent(), tickets.get(first).title);
    assert.equal(await page.locator(INPUT).inputValue(), '证书');

    await page.locator('ticket-search .ticket-view button.back').click();
    await page.locator('ticket-search .ticket-view').waitFor({ state: 'hidden' });
    assert.equal(await hash(), '#q=证书&f=CDN');
    assert.equal(await productBox('CDN').isChecked(), true);
  });

  test('keyboard: / and Ctrl-K focus, arrows move, Enter opens, Esc closes', async () => {
    await page.goto(`${server.url}#q=${encodeURIComponent('证书')}`);
    await results(page, '证书');
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    assert.notEqual(await focused(), 'combobox');
    await page.keyboard.press('/');
    assert.equal(await focused(), 'combobox');
    assert.equal(await page.locator(INPUT).inputValue(), '证书', 'the slash is not typed');
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    await page.keyboard.press('Control+k');
    assert.equal(await focused(), 'combobox');

    const input = page.locator(INPUT);
    const options = page.locator('ticket-search [role="option"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = await options.nth(1).getAttribute('id');
    assert.equal(await input.getAttribute('aria-activedescendant'), second);
    assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('ticket-search [aria-selected="true"]').count(), 1);
    await page.keyboard.press('ArrowUp');
    assert.equal(await input.getAttribute('aria-activedescendant'), await options.nth(0).getAttribute('id'));
    await page.keyboard.press('ArrowDown');
    const id = await options.nth(1).getAttribute('data-id');

    await page.keyboard.press('Enter');
    await page.locator('ticket-search .ticket-view .ticket-title').waitFor();
    assert.equal(await page.locator('ticket-search .ticket-view .ticket-title').textContent(), tickets.get(id).title);
    await page.keyboard.press('Escape');
    await page.locator('ticket-search .ticket-view').waitFor({ state: 'hidden' });
    assert.equal(await focused(), 'combobox', 'focus returns to the search');
    assert.equal(await hash(), '#q=证书');

    await page.keyboard.press('Escape'); // leaves the option
    assert.equal(await input.getAttribute('aria-activedescendant'), null);
    await page.keyboard.press('Escape'); // clears the query
    await results(page, '');
    assert.match(await summary(), /^共 114 张工单/);
  });

  test('no results: the query is echoed and the filters can be cleared', async () => {
    await page.goto(`${server.url}#q=zzqqxxkk&f=CDN`);
    await results(page, 'zzqqxxkk');
    const empty = page.locator('ticket-search .state-empty');
    assert.equal(await empty.locator('.state-title').textContent(), '在所选分类中没有找到与“zzqqxxkk”相关的工单');
    await empty.locator('button.clear-filters').click();
    await results(page, 'zzqqxxkk');
    assert.equal(await empty.locator('.state-title').textContent(), '没有找到与“zzqqxxkk”相关的工单');
    assert.equal(await hash(), '#q=zzqqxxkk');
    assert.equal(await summary(), '');
    await empty.locator('button.clear-query').click();
    await results(page, '');
    assert.match(await summary(), /^共 114 张工单/);
  });

  test('dark mode follows prefers-color-scheme', async () => {
    // The page hears of the change through a matchMedia "change" event,
    // which may come after emulateMedia() resolves: wait for it (bounded).
    const scheme = (dark) => page.waitForFunction(
      (d) => document.querySelector('ticket-search').shadowRoot.querySelector('.root').classList.contains('dark') === d,
      dark, { timeout: 5000 },
    ).catch(() => {});
    await page.emulateMedia({ colorScheme: 'dark' });
    await scheme(true);
    const dark = await page.locator('ticket-search .root').evaluate((r) => [r.classList.contains('dark'), getComputedStyle(r).backgroundColor]);
    assert.deepEqual(dark, [true, 'rgb(14, 17, 22)']);
    await page.emulateMedia({ colorScheme: 'light' });
    await scheme(false);
    assert.equal(await page.locator('ticket-search .root').evaluate((r) => r.classList.contains('dark')), false);
  });

  test('English UI with <html lang="en">', async () => {
    const en = await browser.newPage();
    const we = await watch(en);
    await en.route(server.url, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('<html lang="zh-CN">', '<html lang="en">');
      await route.fulfill({ response, body });
    });
    await en.goto(`${server.url}#q=${encodeURIComponent('证书')}`);
    await results(en, '证书');
    assert.match(await summary(en), /^17 results · [\d.]+ ms$/);
    assert.equal(await en.locator(INPUT).getAttribute('placeholder'), 'Search tickets: titles, descriptions, answers, chats…');
    assert.equal(await en.locator('ticket-search .facets h2').textContent(), 'Categories');
    await en.locator('ticket-search [role="option"]').first().click();
    assert.equal(await en.locator('ticket-search .root-cause .badge').textContent(), 'Automatic analysis');
    assert.equal(await en.locator('ticket-search .ticket-view button.back').textContent(), 'Back to results');
    assert.deepEqual([we.errors, we.csp], [[], []]);
    await en.close();
  });

  test('phone width 360 px: no sideways scrolling, categories behind a button', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const wp = await watch(phone);
    await phone.goto(`${server.url}#q=${encodeURIComponent('域名 证书')}`);
    await results(phone, '域名 证书');
    const width = () => phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok((await width()) <= 360, `page is ${await width()} px wide`);
    assert.equal(await phone.locator('ticket-search .facets').isVisible(), false);
    const toggle = phone.locator('ticket-search .filter-toggle');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await phone.locator('ticket-search .facets').isVisible(), true);
    assert.ok((await width()) <= 360);
    await phone.goto(`${server.url}#t=part32-10`);
    await phone.locator('ticket-search .ticket-title').waitFor();
    assert.ok((await width()) <= 360, `ticket view is ${await width()} px wide`);
    const box = await phone.locator('ticket-search .ticket').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360);
    assert.deepEqual([wp.errors, wp.csp], [[], []]);
    await phone.close();
  });

  test('accessibility: axe finds no serious or critical violations', async () => {
    // axe injects a <style>, which the page's CSP rightly refuses: scan in a context that bypasses it.
    const context = await browser.newContext({ bypassCSP: true, reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } });
    const p = await context.newPage();
    const check = async (what) => assert.deepEqual(await axe(p), [], what);
    await p.goto(`${server.url}#q=${encodeURIComponent('证书')}&f=CDN`);
    await results(p, '证书');
    await p.locator('ticket-search .twisty').first().click();
    await p.locator(INPUT).focus();
    await p.keyboard.press('ArrowDown');
    await check('results');
    await p.goto(`${server.url}#q=zzqqxxkk&f=CDN`);
    await results(p, 'zzqqxxkk');
    await check('no results');
    await p.goto(`${server.url}#t=part32-10`);
    await p.locator('ticket-search .ticket-title').waitFor();
    await check('ticket view');
    await p.emulateMedia({ colorScheme: 'dark' });
    await check('ticket view, dark');
    await p.goto(`${server.url}#q=${encodeURIComponent('证书')}`);
    await results(p, '证书');
    await check('results, dark');
    await p.setViewportSize({ width: 360, height: 740 });
    await check('results, dark, phone');
    await context.close();
  });

  test('no console errors or warnings, no CSP violations, no dialogs', () => {
    assert.deepEqual(w.errors, []);
    assert.deepEqual(w.warnings, []);
    assert.deepEqual(w.csp, []);
    assert.deepEqual(w.dialogs, []);
  });
});
