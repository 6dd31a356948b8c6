// Ticket text is untrusted. A site built from tests/e2e/fixtures/hostile.jsonl
// (script, onerror, javascript: and template payloads in titles, categories,
// descriptions, answers, messages and an id) must show every payload as
// literal text, in the page and in the widget: nothing runs, no element is
// made from ticket text, no CSP violation, no console error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT, buildSite, fixtures, hostPage, hostServer, launch, remove, serveSite, settled, tempDir, watch } from './helpers.mjs';

const FIXTURE = join(fixtures, 'hostile.jsonl');
const tickets = readFileSync(FIXTURE, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

let browser;
let dir;
let server;
let host;
let page;
let w;

/** Elements that ticket text must never become, anywhere in the component. */
async function injected(p, selector = 'ticket-search') {
  return p.locator(selector).evaluateAll((hosts) =>
    hosts.flatMap((h) =>
      [...h.shadowRoot.querySelectorAll('*')]
        .filter((e) => /^(SCRIPT|IMG|IFRAME|OBJECT|EMBED|STYLE|A|B|TEXTAREA)$/.test(e.tagName) || [...e.attributes].some((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value)))
        .filter((e) => !(e.tagName === 'A' && e.classList.contains('see-all')))
        .map((e) => e.outerHTML.slice(0, 120)),
    ),
  );
}

const pwned = (p = page) => p.evaluate(() => window.__pwned ?? null);

describe('hostile tickets', () => {
  before(async () => {
    browser = await launch();
    dir = tempDir();
    server = await serveSite(buildSite([FIXTURE], dir), { cors: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    w = await watch(page);
    await page.goto(server.url);
    await settled(page);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await host?.close();
    remove(dir);
  });

  test('results and categories show payloads as text', async () => {
    const titles = await page.locator('ticket-search [role="option"] .hit-title').allTextContents();
    assert.deepEqual(new Set(titles), new Set(tickets.map((t) => t.title)));
    const names = await page.locator('ticket-search .facet-row .facet-name').allTextContents();
    assert.ok(names.includes(`<img src=x onerror="window.__pwned='product'">`), names.join(' | '));
    await page.locator('ticket-search .twisty').first().click();
    await page.locator('ticket-search .twisty').nth(1).click();
    const subs = await page.locator('ticket-search .facet-sub .facet-name').allTextContents();
    assert.ok(subs.includes('<b>证书问题</b>') && subs.includes(`x" onmouseover="window.__pwned='sub'`), subs.join(' | '));
    await page.locator(INPUT).fill('证书');
    await page.waitForFunction(() => document.querySelector('ticket-search').view.query === '证书');
    await settled(page);
    assert.ok((await page.locator('ticket-search [role="option"] .hit-title mark').count()) > 0);
    assert.deepEqual(await injected(page), []);
    assert.equal(await pwned(), null);
  });

  for (const t of tickets) {
    test(`ticket ${t.id}: every field literal`, async () => {
      await page.goto(`${server.url}#t=${encodeURIComponent(t.id)}`);
      const view = page.locator('ticket-search .ticket-view');
      await view.locator('.ticket-title').waitFor();
      assert.equal(await view.locator('.ticket-title').textContent(), t.title);
      assert.equal(await view.locator('.ticket-meta .ticket-id').textContent(), `#${t.number} · ${t.id}`);
      assert.deepEqual(await view.locator('.ticket-meta .chip').allTextContents(), [t.product, t.subcategory]);
      const text = await view.locator('.ticket').textContent();
      for (const piece of [t.description, ...t.answers, t.root_cause, ...t.conversation.map((m) => m.text)]) {
        for (const line of piece.split('\n').filter((l) => l.trim())) assert.ok(text.includes(line.trim()), `missing: ${line}`);
      }
      assert.deepEqual(await injected(page), []);
      assert.equal(await pwned(), null);
      // Hovering and clicking around runs nothing either.
      await view.locator('.ticket-title').hover();
      await view.locator('.ticket-meta .chip').last().click();
      assert.equal(await pwned(), null);
      await page.keyboard.press('Escape');
      await view.waitFor({ state: 'hidden' });
    });
  }

  test('the widget on another origin shows them as text too', async () => {
    const files = {};
    host = await hostServer(files);
    files['/host.html'] = { type: 'text/html; charset=utf-8', body: hostPage(server.url, host.url, { body: `<ticket-search id="w" src="${server.url}"></ticket-search>` }) };
    files['/hostile.css'] = { type: 'text/css', body: 'body { margin: 24px; }' };
    const p = await browser.newPage();
    const wh = await watch(p);
    await p.goto(`${host.url}host.html`);
    await p.locator('#w [role="combobox"]').click();
    await p.keyboard.type('pwned');
    await p.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('[role="option"]').length > 0);
    const titles = await p.locator('#w [role="option"] .hit-title').allTextContents();
    assert.ok(titles.every((x) => tickets.some((t) => t.title === x)), titles.join(' | '));
    await p.keyboard.press('Enter');
    await p.locator('#w dialog .ticket-title').waitFor();
    const id = await p.evaluate(() => document.getElementById('w').view.ticket);
    assert.equal(await p.locator('#w dialog .ticket-title').textContent(), tickets.find((t) => t.id === id).title);
    assert.deepEqual(await injected(p, '#w'), []);
    assert.equal(await pwned(p), null);
    assert.deepEqual([wh.errors, wh.csp, wh.dialogs], [[], [], []]);
    await p.close();
  });

  test('nothing ran: no dialogs, no console errors, no CSP violations', () => {
    assert.deepEqual(w.dialogs, []);
    assert.deepEqual(w.errors, []);
    assert.deepEqual(w.csp, []);
  });
});
