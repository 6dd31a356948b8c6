// The state of one search UI (query, filters, open ticket, results, status)
// and its URL form. No DOM, no fetching: the widget owns a Store, renders
// from it, and the full page (app.js) mirrors its view into the URL hash.
//
//   #q=证书&f=CDN｜证书问题&f=对象存储&t=part32-2
//
// `q` the query, `f` a filter (repeated; "产品" or "产品｜子类"), `t` the open ticket.

/** The separator between product and sub-category in a filter. */
export const SEP = '｜';

/** A fresh state. */
export function initialState() {
  return {
    query: '',
    filters: [],
    ticket: null, // id of the open ticket, or null
    // Index: 'idle' (not opened yet) | 'loading' | 'ready' | 'error'
    status: 'idle',
    error: null, // message when status is 'error'
    size: 0, // tickets in the site
    results: null, // the last search's result for (query, filters), or null
    searching: false,
    active: -1, // index of the active option
    facets: [], // the last facets (kept while a new search runs)
  };
}

/** A small observable holder: set() merges and tells subscribers what changed. */
export class Store {
  #state;
  #listeners = new Set();

  constructor(state = initialState()) {
    this.#state = state;
  }

  get state() {
    return this.#state;
  }

  set(patch) {
    const changed = new Set();
    for (const [key, value] of Object.entries(patch)) {
      if (!Object.is(this.#state[key], value)) changed.add(key);
    }
    if (changed.size === 0) return;
    this.#state = { ...this.#state, ...patch };
    for (const fn of this.#listeners) fn(this.#state, changed);
  }

  subscribe(fn) {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }
}

/** The part of the state that a URL carries. */
export function view(state) {
  return { query: state.query, filters: [...state.filters], ticket: state.ticket };
}

/** Same query, filters and ticket? */
export function sameView(a, b) {
  return (
    a.query === b.query &&
    (a.ticket ?? null) === (b.ticket ?? null) &&
    a.filters.length === b.filters.length &&
    a.filters.every((f, i) => f === b.filters[i])
  );
}

/** A filter string for a product, or a product and sub-category. */
export function filterOf(product, subcategory) {
  return subcategory == null ? product : `${product}${SEP}${subcategory}`;
}

/** [product, subcategory|null] of a filter string. */
export function splitFilter(filter) {
  const i = filter.indexOf(SEP);
  return i < 0 ? [filter, null] : [filter.slice(0, i), filter.slice(i + SEP.length)];
}

/** Filters without duplicates, sub-categories dropped when their product is selected. */
export function normalizeFilters(filters) {
  const out = [];
  const products = new Set(filters.filter((f) => !f.includes(SEP)));
  for (const f of filters) {
    const s = String(f).trim();
    if (!s || out.includes(s)) continue;
    const [product, sub] = splitFilter(s);
    if (sub != null && products.has(product)) continue;
    out.push(s);
  }
  return out;
}

const encode = encodeURIComponent;

/** The URL hash of a view: '#q=…&f=…&t=…', or '' for the empty view. */
export function toHash({ query = '', filters = [], ticket = null }) {
  const parts = [];
  if (query) parts.push(`q=${encode(query)}`);
  for (const f of filters) parts.push(`f=${encode(f)}`);
  if (ticket) parts.push(`t=${encode(ticket)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/** The view a URL hash describes (lenient: unknown keys and bad escapes are ignored). */
export function fromHash(hash) {
  const out = { query: '', filters: [], ticket: null };
  const text = String(hash ?? '').replace(/^#/, '');
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    let value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      value = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      continue;
    }
    if (key === 'q') out.query = value;
    else if (key === 'f' && value) out.filters.push(value);
    else if (key === 't' && value) out.ticket = value;
  }
  out.filters = normalizeFilters(out.filters);
  return out;
}

/**
 * The category panel's rows: the search's facets plus any selected filter
 * the search no longer counts (shown with 0, so it can be unticked).
 * → [{ product, count, subcategories: [{ name, count }] }]
 */
export function facetRows(facets, filters) {
  const rows = (facets ?? []).map((f) => ({
    product: f.product,
    count: f.count,
    subcategories: f.subcategories.map((s) => ({ name: s.name, count: s.count })),
  }));
  for (const filter of filters) {
    const [product, sub] = splitFilter(filter);
    let row = rows.find((r) => r.product === product);
    if (!row) rows.push((row = { product, count: 0, subcategories: [] }));
    if (sub != null && !row.subcategories.some((s) => s.name === sub)) row.subcategories.push({ name: sub, count: 0 });
  }
  return rows;
}

/** How a product's checkbox shows: 'on', 'some' (indeterminate) or 'off'. */
export function productState(filters, product) {
  if (filters.includes(product)) return 'on';
  return filters.some((f) => f.startsWith(product + SEP)) ? 'some' : 'off';
}

/**
 * The filters after ticking (on) or unticking a product (sub == null) or a
 * sub-category. `subs`: every sub-category of the product in the panel.
 * A product stands for all its sub-categories: unticking one of them
 * replaces the product by the others, ticking the last one selects the product.
 */
export function toggleFilter(filters, product, sub, on, subs = []) {
  const others = filters.filter((f) => f !== product && !f.startsWith(product + SEP));
  if (sub == null) return on ? [...others, product] : others;
  let chosen = filters.includes(product)
    ? [...subs]
    : filters.filter((f) => f.startsWith(product + SEP)).map((f) => splitFilter(f)[1]);
  chosen = on ? [...new Set([...chosen, sub])] : chosen.filter((s) => s !== sub);
  if (subs.length > 0 && subs.every((s) => chosen.includes(s))) return [...others, product];
  return [...others, ...chosen.map((s) => filterOf(product, s))];
}
