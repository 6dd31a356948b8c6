// The <ticket-search> widget embedded in a page of ANOTHER origin: the site
// is served by `ticketsearch serve --cors` on one port, the host page by a
// small node server on another, with hostile global CSS and its own strict
// CSP. Covers the ARIA combobox, IME composition, ticket-select, the ticket
// dialog, ticket-url, theming, accessibility, and a clean console.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE_CSS, axe, buildSite, hostPage, hostServer, launch, remove, sample, serveSite, tempDir, watch } from './helpers.mjs';

let browser;
let dir;
let server;
let host;
let page;
let w;

const el = (id) => page.locator(`#${id}`);
const input = (id) => page.locator(`#${id} [role="combobox"]`);

/** Waits for the widget's results of `query`. */
function results(id, query) {
  return page.waitForFunction(
    ([i, q]) => {
      const e = document.getElementById(i);
      const idle = e.view?.query === q && !e.shadowRoot.querySelector('.root').classList.contains('is-busy');
      return idle && (q === '' || e.shadowRoot.querySelector('.summary:not(:empty), .state-empty'));
    },
    [id, query],
  );
}

describe('widget on a page of another origin', () => {
  before(async () => {
    browser = await launch();
    dir = tempDir();
    server = await serveSite(buildSite([sample], dir), { cors: true });
    const files = {};
    host = await hostServer(files);
    const body = `<h1>Team wiki</h1>
<p>Search the support archive:</p>
<ticket-search id="w1" src="${server.url}"></ticket-search>
<div><p>Hidden by the host's CSS.</p></div>
<ticket-search id="themed" src="${server.url}" ticket-url="${host.url}ticket.html#t={id}" lang="en"></ticket-search>`;
    files['/host.html'] = { type: 'text/html; charset=utf-8', body: hostPage(server.url, host.url, { body }) };
    files['/hostile.css'] = { type: 'text/css', body: HOSTILE_CSS };
    files['/ticket.html'] = { type: 'text/html; charset=utf-8', body: '<!doctype html><title>ticket</title><p>ticket page</p>' };
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    w = await watch(page);
    await page.goto(`${host.url}host.html`);
    await page.waitForFunction(() => document.getElementById('w1')?.shadowRoot?.querySelector('.root:not([hidden])'));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await host?.close();
    remove(dir);
  });

  test('keeps its own size and look under hostile global CSS', async () => {
    const looks = await input('w1').evaluate((i) => {
      const s = getComputedStyle(i);
      const host = i.getRootNode().host;
      return {
        hostDisplay: getComputedStyle(host).display,
        fontSize: s.fontSize,
        letterSpacing: s.letterSpacing,
        textTransform: s.textTransform,
        height: i.getBoundingClientRect().height,
        width: i.getBoundingClientRect().width,
      };
    });
    assert.deepEqual(looks, { hostDisplay: 'block', fontSize: '15px', letterSpacing: 'normal', textTransform: 'none', height: 40, width: 560 });
    assert.equal(await input('w1').getAttribute('placeholder'), '搜索工单…');
    assert.equal(await input('themed').getAttribute('placeholder'), 'Search tickets…', 'lang="en"');
  });

  test('ARIA combobox: input and listbox in one shadow root', async () => {
    const i = input('w1');
    const attrs = async () => i.evaluate((x) => Object.fromEntries(['role', 'aria-controls', 'aria-expanded', 'aria-autocomplete', 'aria-activedescendant'].map((a) => [a, x.getAttribute(a)])));
    const before = await attrs();
    assert.equal(before.role, 'combobox');
    assert.equal(before['aria-expanded'], 'false');
    assert.equal(before['aria-autocomplete'], 'list');
    assert.equal(await i.evaluate((x, id) => x.getRootNode().getElementById(id)?.getAttribute('role'), before['aria-controls']), 'listbox');

    await i.click();
    await page.keyboard.type('证书');
    await results('w1', '证书');
    const options = el('w1').locator('[role="option"]');
    assert.equal(await options.count(), 8);
    let a = await attrs();
    assert.equal(a['aria-expanded'], 'true');
    assert.equal(a['aria-activedescendant'], await options.nth(0).getAttribute('id'), 'the first hit is active');
    assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
    assert.equal(await el('w1').locator('[role="listbox"]').isVisible(), true);
    assert.ok((await el('w1').locator('[role="option"] .hit-title mark').count()) > 0);

    await page.keyboard.press('ArrowDown');
    a = await attrs();
    assert.equal(a['aria-activedescendant'], await options.nth(1).getAttribute('id'));
    assert.equal(await el('w1').locator('[aria-selected="true"]').count(), 1);
    await page.keyboard.press('ArrowUp');
    assert.equal((await attrs())['aria-activedescendant'], await options.nth(0).getAttribute('id'));

    await page.keyboard.press('Escape');
    a = await attrs();
    assert.equal(a['aria-expanded'], 'false');
    assert.equal(a['aria-activedescendant'], null);
    assert.equal(await el('w1').locator('.popup').isVisible(), false);
    await page.keyboard.press('ArrowDown');
    assert.equal((await attrs())['aria-expanded'], 'true');

    // The popup says how many and links to the full search page.
    const seeAll = el('w1').locator('.see-all');
    assert.equal(await seeAll.textContent(), '在搜索页查看全部 17 条 →');
    assert.equal(await seeAll.getAttribute('href'), `${server.url}#q=${encodeURIComponent('证书')}`);
  });

  test('IME: no search while a pinyin composition is open', async () => {
    const i = input('w1');
    await i.fill('');
    await results('w1', '');
    await page.evaluate(() => {
      window.__queries = [];
      document.getElementById('w1').addEventListener('ticket-results', (e) => window.__queries.push(e.detail.query));
      window.__selected = [];
      document.addEventListener('ticket-select', (e) => window.__selected.push(e.detail.id));
    });
    await i.focus();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'zheng', selectionStart: 5, selectionEnd: 5 });
    await cdp.send('Input.imeSetComposition', { text: 'zheng shu', selectionStart: 9, selectionEnd: 9 });
    // The Enter that picks an IME candidate arrives as a composing keydown; it must not choose a hit.
    await i.evaluate((x) => x.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, isComposing: true, bubbles: true, composed: true })));
    await page.waitForTimeout(300);
    assert.equal(await i.inputValue(), 'zheng shu');
    assert.deepEqual(await page.evaluate(() => [window.__queries, window.__selected]), [[], []]);
    assert.equal(await el('w1').locator('[role="option"]').count(), 0);

    await cdp.send('Input.insertText', { text: '证书' }); // commits: compositionend
    await results('w1', '证书');
    assert.deepEqual(await page.evaluate(() => window.__queries), ['证书']);
    await cdp.detach();
  });

  test('Enter fires ticket-select and opens the ticket in a dialog; Esc closes it', async () => {
    await page.evaluate(() => {
      window.__details = [];
      document.addEventListener('ticket-select', (e) => window.__details.push(e.detail));
    });
    const i = input('w1');
    await i.fill('证书部署');
    await results('w1', '证书部署');
    const first = el('w1').locator('[role="option"]').first();
    const id = await first.getAttribute('data-id');
    await i.press('Enter');
    const [detail] = await page.evaluate(() => window.__details);
    assert.equal(detail.id, id);
    assert.deepEqual(Object.keys(detail).sort(), ['id', 'number', 'product', 'subcategory', 'title']);
    const dialog = el('w1').locator('dialog.ticket-dialog');
    await dialog.locator('.ticket-title').waitFor();
    assert.equal(await dialog.evaluate((d) => d.open), true);
    assert.equal(await dialog.locator('.ticket-title').textContent(), detail.title);
    assert.ok((await dialog.locator('.msg').count()) > 0);
    assert.equal(await el('w1').evaluate((e) => e.shadowRoot.activeElement?.classList.contains('ticket-title')), true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await el('w1').evaluate((e) => e.shadowRoot.activeElement?.getAttribute('role')), 'combobox');
    assert.equal(await el('w1').evaluate((e) => e.view.ticket), null);

    // A click works the same way.
    await i.press('ArrowDown');
    await el('w1').locator('[role="option"]').nth(1).click();
    await dialog.locator('.ticket-title').waitFor();
    await dialog.locator('button.dialog-close').click();
    await dialog.waitFor({ state: 'hidden' });
  });

  test('preventDefault() on ticket-select leaves the choice to the host', async () => {
    await page.evaluate(() => document.addEventListener('ticket-select', (e) => e.preventDefault(), { once: true }));
    const i = input('w1');
    await i.focus();
    await i.press('ArrowDown');
    await i.press('Enter');
    await page.waitForTimeout(200);
    assert.equal(await el('w1').locator('dialog.ticket-dialog').evaluate((d) => d.open), false);
  });

  test('ticket-url: the chosen ticket opens at the configured address; theming applies', async () => {
    const i = input('themed');
    await i.focus();
    // --ts-accent colours the focused input (after its border transition).
    await page.waitForFunction(() => {
      const x = document.getElementById('themed').shadowRoot.querySelector('input');
      return getComputedStyle(x).borderColor === 'rgb(10, 125, 82)';
    });
    await i.click();
    await page.keyboard.type('cdn');
    await results('themed', 'cdn');
    assert.match(await el('themed').locator('.summary').textContent(), /^\d+ results · [\d.]+ ms$/);
    const id = await el('themed').locator('[role="option"]').first().getAttribute('data-id');
    await Promise.all([page.waitForURL(`${host.url}ticket.html#t=${id}`), i.press('Enter')]);
    await page.goto(`${host.url}host.html`);
    await page.waitForFunction(() => document.getElementById('w1')?.shadowRoot?.querySelector('.root:not([hidden])'));
  });

  test('accessibility: axe finds no serious or critical violations in the widget', async () => {
    const context = await browser.newContext({ bypassCSP: true, reducedMotion: 'reduce' });
    const p = await context.newPage();
    await p.goto(`${host.url}host.html`);
    await p.waitForFunction(() => document.getElementById('w1')?.shadowRoot?.querySelector('.root:not([hidden])'));
    assert.deepEqual(await axe(p, '#w1'), [], 'closed');
    await p.locator('#w1 [role="combobox"]').click();
    await p.keyboard.type('证书');
    await p.waitForFunction(() => document.getElementById('w1').shadowRoot.querySelectorAll('[role="option"]').length > 0);
    assert.deepEqual(await axe(p, '#w1'), [], 'popup open');
    await p.keyboard.press('Enter');
    await p.locator('#w1 dialog .ticket-title').waitFor();
    assert.deepEqual(await axe(p, '#w1'), [], 'dialog open');
    await p.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await axe(p, '#w1'), [], 'dialog open, dark');
    await context.close();
  });

  test('no console errors or warnings, no CSP violations on the host page', () => {
    assert.deepEqual(w.errors, []);
    assert.deepEqual(w.warnings, []);
    assert.deepEqual(w.csp, []);
    assert.deepEqual(w.dialogs, []);
  });
});
