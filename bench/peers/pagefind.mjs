// Pagefind 1.6.0. Indexing through its Node API (createIndex → add… → writeFiles); searching
// through the generated pagefind.js in headless Chromium (playwright-core, /usr/bin/chromium),
// because Pagefind's search runs in a browser (wasm + fetch of index chunks). The bundle is
// served by a tiny node http server on 127.0.0.1 with correct MIME types (application/wasm…).
// The page is <html lang="zh-cn">, so Pagefind loads the zh-cn index and segments the query
// with Intl.Segmenter (its own zh handling; nothing of ours is involved).
//
// Two ways of feeding it (two rows in the report):
//   pagefind           addCustomRecord({url, content, language:'zh-cn', meta:{title,id},
//                      filters:{product:[…], category:[…]}}) — content = title, description,
//                      answers, conversation as plain text. Custom records have no per-field
//                      weights, so NO field boosts.
//   pagefind-weighted  addHTMLFile with the same fields in elements carrying
//                      data-pagefind-weight. Pagefind weights act quadratically
//                      (docs "Weighting content": 2.0 ≈ 4× impact), so weight = √boost:
//                      title √3, description √1.5, answers 1, conversation √0.7.
// Prefix/fuzzy: Pagefind's defaults (the last word is matched as a prefix; no typo tolerance).
// Filters: NATIVE — filters {any: [{product: "CDN"}, {category: "CDN｜证书问题"}, …]}.
import * as pagefindApi from 'pagefind';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { FIELD_BOOSTS, TOP_K, categoryOf, sizeOfDir, ticketFields } from './common.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run'];

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm',
  // Pagefind's own files are opaque (already gzip-compressed) binaries
  '.pagefind': 'application/octet-stream', '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream', '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

const PAGE = '<!doctype html><html lang="zh-cn"><head><meta charset="utf-8"><title>bench</title>' +
  '</head><body></body></html>';

/** Serve `root` on 127.0.0.1:<random port>; "/" is a blank zh-cn page. */
export function serveStatic(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': MIME['.html'] });
      res.end(PAGE);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) { res.writeHead(403); res.end(); return; }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404); res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => (
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

function htmlFor(t) {
  const f = ticketFields(t);
  const w = (k) => Math.sqrt(FIELD_BOOSTS[k]).toFixed(3);
  const block = (k) => `<div data-pagefind-weight="${w(k)}">${escapeHtml(f[k])}</div>`;
  return '<!doctype html><html lang="zh-cn"><head><meta charset="utf-8"></head><body>' +
    `<main data-pagefind-body data-pagefind-meta="id:${escapeHtml(t.id)}">` +
    `<h1 data-pagefind-meta="title" data-pagefind-weight="${w('title')}">${escapeHtml(f.title)}</h1>` +
    `${block('description')}${block('answers')}${block('conversation')}` +
    `<span data-pagefind-filter="product" hidden>${escapeHtml(t.product)}</span>` +
    `<span data-pagefind-filter="category" hidden>${escapeHtml(categoryOf(t))}</span>` +
    '</main></body></html>';
}

// Runtime files (JS/CSS/wasm) as opposed to index data (pf_meta, pf_index, pf_filter,
// pf_fragment, pagefind-entry.json).
const isRuntime = (rel) => /(^|\/)(pagefind[^/]*\.(js|css)|wasm\.[^/]*\.pagefind)$/.test(rel);

function makeAdapter(mode) {
  const weighted = mode === 'weighted';
  return {
    name: weighted ? 'pagefind-weighted' : 'pagefind',
    describe() {
      return weighted
        ? 'Pagefind 1.6.0 via addHTMLFile (<html lang="zh-cn">): title/description/answers/' +
          'conversation in elements with data-pagefind-weight √3/√1.5/1/√0.7 (quadratic ' +
          'weights → 3/1.5/1/0.7); Pagefind zh segmentation + its default ranking; last word ' +
          'prefix (default), no typo tolerance; filters native (filters.any over product/category).'
        : 'Pagefind 1.6.0 via addCustomRecord(language "zh-cn"): one plain-text content ' +
          '(title, description, answers, conversation), meta {title,id}; NO field boosts ' +
          '(custom records have none); Pagefind zh segmentation + default ranking; last word ' +
          'prefix (default), no typo tolerance; filters native (filters.any over product/category).';
    },
    /** Index the tickets and write the bundle (pagefind.js, wasm, index files) to `bundle`. */
    async writeBundle(tickets, bundle) {
      const { index, errors } = await pagefindApi.createIndex({});
      if (!index) throw new Error(`pagefind createIndex: ${errors.join('; ')}`);
      for (const t of tickets) {
        const f = ticketFields(t);
        const r = weighted
          ? await index.addHTMLFile({ url: `/t/${encodeURIComponent(t.id)}/`, content: htmlFor(t) })
          : await index.addCustomRecord({
            url: `/t/${encodeURIComponent(t.id)}/`,
            content: [f.title, f.description, f.answers, f.conversation].join('\n'),
            language: 'zh-cn',
            meta: { title: t.title, id: t.id },
            filters: { product: [t.product], category: [categoryOf(t)] },
          });
        if (r.errors?.length) throw new Error(`pagefind add ${t.id}: ${r.errors.join('; ')}`);
      }
      const w = await index.writeFiles({ outputPath: bundle });
      if (w.errors?.length) throw new Error(`pagefind writeFiles: ${w.errors.join('; ')}`);
      await index.deleteIndex();
    },
    async build(tickets) {
      const dir = mkdtempSync(join(tmpdir(), `bench-${this.name}-`));
      const bundle = join(dir, 'pagefind');
      const t0 = performance.now();
      await this.writeBundle(tickets, bundle);
      const buildMs = performance.now() - t0;

      const { chromium } = await import('playwright-core');
      const server = await serveStatic(dir);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.evaluate(async () => {
        window.__pf = await import('/pagefind/pagefind.js');
        await window.__pf.options({});
        await window.__pf.init();
      });
      return { dir, bundle, server, browser, page, buildMs };
    },
    async search(ix, query, filters) {
      const pfFilters = filters.length
        ? {
          any: filters.map((f) => (f.includes('｜') ? { category: f } : { product: f })),
        }
        : undefined;
      return ix.page.evaluate(async ({ query, pfFilters, k }) => {
        const r = await window.__pf.search(query, pfFilters ? { filters: pfFilters } : {});
        if (!r || !r.results) return [];
        const data = await Promise.all(r.results.slice(0, k).map((x) => x.data()));
        return data.map((d) => d.meta.id ?? decodeURIComponent(d.url.split('/')[2]));
      }, { query, pfFilters, k: TOP_K });
    },
    async size(ix) {
      const data = sizeOfDir(ix.bundle, (rel) => !isRuntime(rel));
      const runtime = sizeOfDir(ix.bundle, (rel) => isRuntime(rel) &&
        /(^|\/)(pagefind\.js|pagefind-worker\.js|wasm\.[^/]*\.pagefind)$/.test(rel));
      return {
        bytes: data.bytes,
        gzipBytes: data.gzipBytes,
        note: `${data.files} index files (pf_meta/pf_index/pf_filter/pf_fragment; Pagefind ` +
          'stores them gzip-compressed already, and fragments hold the page text for excerpts); ' +
          `search runtime pagefind.js + worker + wasm = ${runtime.bytes} B raw / ` +
          `${runtime.gzipBytes} B gzip, not included`,
      };
    },
    async close(ix) {
      await ix.browser?.close();
      await new Promise((r) => ix.server?.close(r));
      rmSync(ix.dir, { recursive: true, force: true });
    },
  };
}

export const plain = makeAdapter('custom');
export const weightedAdapter = makeAdapter('weighted');

export const name = plain.name;
export const describe = () => plain.describe();
export const build = (tickets) => plain.build(tickets);
export const search = (ix, q, f) => plain.search(ix, q, f);
export const size = (ix) => plain.size(ix);
export const close = async (ix) => { await plain.close(ix); };
// For bench/scale: write the same bundle as build() (custom records), without a browser.
export const writeBundle = (tickets, bundle) => plain.writeBundle(tickets, bundle);

/** Stop the Pagefind indexing service (a child process) once all Pagefind rows are done. */
export async function shutdownService() {
  await pagefindApi.close();
}
