// ticketsearch — the public JavaScript API of a built site (no DOM).
//
//   import { open } from './ticketsearch.js';
//   const ts = await open('./');        // base URL of a built site
//   const r = await ts.search('证书 处理中', { filters: ['CDN｜证书问题'], limit: 10, offset: 0 });
//   const t = await ts.ticket(r.hits[0].id);
//
// Everything is resolved relative to this module's own URL, so a site works
// under any sub-path and from another origin (when its host sends CORS headers).
import init, { Index } from './ticketsearch_wasm.js';

let ready;

/** Loads the wasm engine once per page or worker. */
function loadEngine() {
  const url = new URL('./ticketsearch_wasm_bg.wasm', import.meta.url);
  ready ??= (async () => {
    const response = await fetch(url).catch((err) => {
      throw new Error(`cannot fetch ${url}: ${err?.message ?? err}`);
    });
    if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status}`);
    await init({ module_or_path: response }).catch((err) => {
      throw new Error(`cannot start the search engine (${url}): ${err?.message ?? err}`);
    });
  })().catch((err) => {
    ready = undefined; // a retry loads it again
    throw err;
  });
  return ready;
}

function baseUrl(base) {
  const url = new URL(base ?? './', base == null ? import.meta.url : globalThis.location?.href ?? import.meta.url);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url.href;
}

// The manifest's fixed name (format::MANIFEST_PATH); every other file is
// named by the manifest.
const MANIFEST = 'index/manifest.bin';

/** The manifest's bytes; revalidated (`no-cache`), as its name never changes. */
async function fetchManifest(site) {
  const url = site + MANIFEST;
  const response = await fetch(url, { cache: 'no-cache' }).catch((err) => {
    throw new Error(`cannot fetch ${url}: ${err?.message ?? err}`);
  });
  if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Opens the site at `base` (default: the directory of this module).
 * Rejects with an Error whose message says what is wrong (unreachable,
 * damaged, or built by another version) — show it and offer a retry.
 */
export async function open(base) {
  const site = baseUrl(base);
  // The manifest downloads while the engine compiles: one round trip less
  // before the first search.
  const manifest = fetchManifest(site);
  manifest.catch(() => {}); // awaited below; not "unhandled" if the engine fails first
  await loadEngine();
  const index = Index.withManifest(site, await manifest);
  return {
    /** Number of tickets in the site. */
    get size() {
      return index.docCount();
    },
    /**
     * Searches. Empty query = browse (every ticket of the filters).
     * Resolves to { total, tookMs, hits: [{ id, number, title, titleSegments,
     * product, subcategory, score, snippet: [{ text, hit }] }], facets:
     * [{ product, count, subcategories: [{ name, count }] }] }.
     */
    async search(query, { filters = [], limit = 10, offset = 0 } = {}) {
      const started = performance.now();
      const result = await index.search(String(query ?? ''), filters.map(String), limit, offset);
      result.tookMs = Math.round((performance.now() - started) * 10) / 10;
      return result;
    },
    /** The whole ticket (export schema), or null. */
    ticket(id) {
      return index.ticket(String(id));
    },
  };
}
