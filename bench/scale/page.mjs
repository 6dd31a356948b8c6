// The bare benchmark page of an engine (bench/scale.mjs), a browser ES module. scale.mjs copies
// it into each peer's static site as /lib/page.mjs next to the engine's browser ESM build and
// the relevance adapters of bench/peers/ (imported here for their configuration, so the engine
// is set up exactly as in bench/relevance.mjs); an import map in index.html resolves the bare
// names ('minisearch', 'flexsearch', 'node:*' → a stub, as the adapters' Node-only helpers are
// never called here). For ticketsearch it goes into the built site beside its own UI, as
// /lib/page.mjs loaded by /bare.html, and uses the site's public JS API (/ticketsearch.js at
// the site root, open() → search(q, {limit: 10})): ticketsearch's cold first result on a page
// like the peers', served by the same bench/scale/serve.mjs.
//
// <html data-engine="…">. On load the page fetches the engine's index; with `#q=…` it searches
// and renders the top 10 titles as <li class="hit">, which is what scale.mjs waits for.
// window.__bench.search(q) → [{id, title}] (top 10) is what the warm latency times.
const TOP = 10;
const engine = document.documentElement.dataset.engine;

async function json(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

const LOADERS = {
  // MiniSearch: the whole index in one JSON (with the stored titles).
  async minisearch() {
    const [{ default: MiniSearch }, { OPTIONS }] = await Promise.all([
      import('minisearch'), import('./peers/minisearch.mjs')]);
    const ms = MiniSearch.loadJS(await json('/index/minisearch.json'),
      { ...OPTIONS, storeFields: [...OPTIONS.storeFields, 'title'] });
    return (q) => ms.search(q).slice(0, TOP).map((r) => ({ id: r.id, title: r.title }));
  },
  // FlexSearch: every Document.export() chunk (all of them are needed), imported in order.
  async flexsearch() {
    const [{ Document }, { documentOptions, searchOptions }] = await Promise.all([
      import('flexsearch'), import('./peers/flexsearch.mjs')]);
    const { keys } = await json('/index/flexsearch.json');
    const chunks = await Promise.all(keys.map(async (k) => {
      const res = await fetch(`/index/${k}.json`);
      if (!res.ok) throw new Error(`/index/${k}.json: HTTP ${res.status}`);
      return res.text();
    }));
    const doc = new Document(documentOptions({ store: ['title'] }));
    keys.forEach((k, i) => doc.import(k, chunks[i]));
    return (q) => doc.search(q, { ...searchOptions, enrich: true }).slice(0, TOP)
      .map((r) => ({ id: r.id, title: r.doc?.title }));
  },
  // ticketsearch: the site's public JS API at the site root (as `import { open } from
  // './ticketsearch.js'` in a page there); open() loads the wasm engine and the manifest, and
  // search() fetches the index chunks and, for the snippets, the hits' ticket fragments.
  async ticketsearch() {
    const { open } = await import('/ticketsearch.js');
    const ts = await open();
    return async (q) => (await ts.search(q, { limit: TOP })).hits.slice(0, TOP)
      .map((h) => ({ id: h.id, title: h.title }));
  },
  // Pagefind: its own loader fetches what a search needs; data() loads a result's fragment.
  async pagefind() {
    const pf = await import('/pagefind/pagefind.js');
    return async (q) => {
      const r = await pf.search(q);
      const data = await Promise.all((r?.results ?? []).slice(0, TOP).map((x) => x.data()));
      return data.map((d) => ({ id: d.meta?.id, title: d.meta?.title }));
    };
  },
};

const ready = LOADERS[engine]();
window.__bench = {
  engine,
  ready: ready.then(() => true),
  async search(q) { return (await ready)(q); },
};

const q = new URLSearchParams(location.hash.slice(1)).get('q');
if (q) {
  window.__bench.search(q).then((hits) => {
    const list = document.getElementById('hits');
    list.replaceChildren(...hits.map((h) => {
      const li = document.createElement('li');
      li.className = 'hit';
      li.dataset.id = h.id;
      const title = document.createElement('span');
      title.className = 'hit-title';
      title.textContent = h.title;
      li.append(title);
      return li;
    }));
  }, (e) => {
    document.body.dataset.error = String(e?.stack ?? e);
    console.error(e);
  });
}
ready.catch((e) => { document.body.dataset.error = String(e?.stack ?? e); console.error(e); });
