// Never a blank page: when the index cannot be loaded (corrupted or missing
// manifest, missing wasm) the page and the widget say so and offer a retry,
// and the retry works once the files are back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSite, hostPage, hostServer, launch, remove, sample, serveSite, settled, tempDir, watch } from './helpers.mjs';

let browser;
let dir;
let site;
let server;
let manifest;
let backup;

/** Uncaught exceptions or unhandled rejections (expected 404s are not). */
const uncaught = (w) => w.errors.filter((e) => /pageerror|Uncaught/.test(e));

async function showsError(p, detail) {
  const error = p.locator('ticket-search .state-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.equal(await error.locator('.state-title').textContent(), '搜索索引加载失败');
  assert.match(await error.locator('.state-detail').textContent(), detail);
  assert.equal(await error.locator('button.retry').textContent(), '重试');
  return error;
}

describe('error states', () => {
  before(async () => {
    browser = await launch();
    dir = tempDir();
    site = buildSite([sample], dir);
    manifest = join(site, 'index', 'manifest.bin');
    backup = join(dir, 'manifest.bin');
    copyFileSync(manifest, backup);
    server = await serveSite(site, { cors: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    remove(dir);
  });

  test('corrupted manifest: the page explains and the retry works once it is repaired', async () => {
    writeFileSync(manifest, Buffer.from('this is not an index, just some bytes that replaced it'));
    const page = await browser.newPage();
    const w = await watch(page);
    await page.goto(`${server.url}#q=${encodeURIComponent('证书')}`);
    const error = await showsError(page, /manifest\.bin/);
    assert.equal(await page.locator('ticket-search [role="option"]').count(), 0);
    assert.equal(await page.locator('ticket-search .bar .search').isVisible(), true, 'the page around the error is drawn');

    copyFileSync(backup, manifest);
    await error.locator('button.retry').click();
    await settled(page);
    assert.match(await page.locator('ticket-search .summary').textContent(), /^共 17 条结果/);
    assert.equal(await page.locator('ticket-search .state-error').count(), 0);
    assert.deepEqual([uncaught(w), w.csp], [[], []]);
    await page.close();
  });

  test('missing manifest: HTTP 404 is reported, retry recovers', async () => {
    rmSync(manifest);
    const page = await browser.newPage();
    const w = await watch(page);
    await page.goto(server.url);
    const error = await showsError(page, /manifest\.bin: HTTP 404/);
    copyFileSync(backup, manifest);
    await error.locator('button.retry').click();
    await settled(page);
    assert.match(await page.locator('ticket-search .summary').textContent(), /^共 114 张工单/);
    assert.deepEqual([uncaught(w), w.csp], [[], []]);
    await page.close();
  });

  test('missing wasm: the engine error is shown, retry loads it again', async () => {
    const wasm = join(site, 'ticketsearch_wasm_bg.wasm');
    renameSync(wasm, `${wasm}.away`);
    const page = await browser.newPage();
    const w = await watch(page);
    await page.goto(server.url);
    const error = await showsError(page, /ticketsearch_wasm_bg\.wasm: HTTP 404/);
    renameSync(`${wasm}.away`, wasm);
    await error.locator('button.retry').click();
    await settled(page);
    assert.match(await page.locator('ticket-search .summary').textContent(), /^共 114 张工单/);
    assert.deepEqual([uncaught(w), w.csp], [[], []]);
    await page.close();
  });

  test('the widget shows the error in its popup, with a retry', async () => {
    writeFileSync(manifest, Buffer.alloc(64, 7));
    const files = {};
    const host = await hostServer(files);
    files['/host.html'] = { type: 'text/html; charset=utf-8', body: hostPage(server.url, host.url, { body: `<ticket-search id="w" src="${server.url}"></ticket-search>` }) };
    files['/hostile.css'] = { type: 'text/css', body: 'body { margin: 24px; }' };
    const page = await browser.newPage();
    const w = await watch(page);
    try {
      await page.goto(`${host.url}host.html`);
      await page.locator('#w [role="combobox"]').click();
      const error = page.locator('#w .popup .state-error');
      await error.waitFor();
      assert.equal(await error.locator('.state-title').textContent(), '搜索索引加载失败');
      assert.match(await error.locator('.state-detail').textContent(), /manifest\.bin/);
      copyFileSync(backup, manifest);
      await error.locator('button.retry').click();
      await page.locator('#w [role="combobox"]').fill('证书');
      await page.locator('#w [role="option"]').first().waitFor();
      assert.equal(await page.locator('#w [role="option"]').count(), 8);
      assert.deepEqual([uncaught(w), w.csp], [[], []]);
    } finally {
      copyFileSync(backup, manifest);
      await page.close();
      await host.close();
    }
  });
});
