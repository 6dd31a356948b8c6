// The two-level category panel: products with their sub-categories, live
// counts, multi-select, clear-all. Updated in place (elements are kept by
// key), so a ticked checkbox keeps the keyboard focus while counts change.
import { h, icon } from './dom.js';
import { facetRows, productState, toggleFilter, filterOf } from '../state.js';

export class FacetPanel {
  #t;
  #prefix;
  #onChange;
  #rows = new Map(); // product → { li, box, count, twisty, subList, subs: Map(name → {li, box, count}) }
  #expanded = new Set();
  #filters = [];
  #data = [];
  element;
  #list;
  #clear;

  /** onChange(filters): the user changed the selection. */
  constructor({ t, idPrefix, onChange }) {
    this.#t = t;
    this.#prefix = idPrefix;
    this.#onChange = onChange;
    const headingId = `${idPrefix}-facets-h`;
    this.#clear = h('button', { type: 'button', class: 'link-btn clear-all', text: t.clearAll, disabled: true, on: { click: () => this.#onChange([]) } });
    this.#list = h('ul', { class: 'facet-list', attrs: { 'aria-labelledby': headingId } });
    this.element = h('section', { class: 'facets', id: `${idPrefix}-facets`, attrs: { 'aria-labelledby': headingId } },
      h('div', { class: 'facets-head' }, h('h2', { id: headingId, text: t.categories }), this.#clear),
      this.#list,
    );
  }

  /** Shows `facets` (a search's) with `filters` ticked. */
  update(facets, filters) {
    this.#filters = filters;
    this.#data = facetRows(facets, filters);
    this.#clear.disabled = filters.length === 0;
    const seen = new Set();
    let previous = null;
    for (const row of this.#data) {
      seen.add(row.product);
      const r = this.#rows.get(row.product) ?? this.#createRow(row.product);
      this.#place(this.#list, r.li, previous);
      previous = r.li;
      const state = productState(filters, row.product);
      r.box.checked = state === 'on';
      r.box.indeterminate = state === 'some';
      r.count.textContent = String(row.count);
      r.li.classList.toggle('is-zero', row.count === 0);
      if (state === 'some') this.#expanded.add(row.product);
      const open = this.#expanded.has(row.product) && row.subcategories.length > 0;
      r.twisty.setAttribute('aria-expanded', String(open));
      r.twisty.hidden = row.subcategories.length === 0;
      r.subList.hidden = !open;
      const subSeen = new Set();
      let prevSub = null;
      for (const sub of row.subcategories) {
        subSeen.add(sub.name);
        const s = r.subs.get(sub.name) ?? this.#createSub(r, row.product, sub.name);
        this.#place(r.subList, s.li, prevSub);
        prevSub = s.li;
        s.box.checked = state === 'on' || filters.includes(filterOf(row.product, sub.name));
        s.count.textContent = String(sub.count);
        s.li.classList.toggle('is-zero', sub.count === 0);
      }
      for (const [name, s] of r.subs) if (!subSeen.has(name)) (s.li.remove(), r.subs.delete(name));
    }
    for (const [product, r] of this.#rows) if (!seen.has(product)) (r.li.remove(), this.#rows.delete(product));
  }

  /** Puts `node` right after `previous` (first when null), moving it only if needed. */
  #place(parent, node, previous) {
    const want = previous ? previous.nextSibling : parent.firstChild;
    if (want !== node) parent.insertBefore(node, want);
  }

  #subsOf(product) {
    return this.#data.find((r) => r.product === product)?.subcategories.map((s) => s.name) ?? [];
  }

  #createRow(product) {
    const n = this.#rows.size;
    const subId = `${this.#prefix}-sub-${n}-${Math.random().toString(36).slice(2, 7)}`;
    const box = h('input', { type: 'checkbox', class: 'facet-box', on: { change: () => this.#onChange(toggleFilter(this.#filters, product, null, box.checked)) } });
    const count = h('span', { class: 'facet-count' });
    const twisty = h('button', {
      type: 'button',
      class: 'twisty',
      attrs: { 'aria-expanded': 'false', 'aria-controls': subId, 'aria-label': this.#t.expand(product) },
      on: {
        click: () => {
          if (this.#expanded.has(product)) this.#expanded.delete(product);
          else this.#expanded.add(product);
          this.update(this.#data.length ? this.#rawFacets() : [], this.#filters);
        },
      },
    }, icon('chevron', 'icon twisty-icon'));
    const subList = h('ul', { class: 'sub-list', id: subId, hidden: true, attrs: { 'aria-label': this.#t.categoriesFor(product) } });
    const li = h('li', { class: 'facet' },
      h('div', { class: 'facet-row' },
        h('label', { class: 'facet-label' }, box, h('span', { class: 'facet-name', text: product }), count),
        twisty,
      ),
      subList,
    );
    const r = { li, box, count, twisty, subList, subs: new Map() };
    this.#rows.set(product, r);
    return r;
  }

  #createSub(r, product, name) {
    const box = h('input', {
      type: 'checkbox',
      class: 'facet-box',
      on: { change: () => this.#onChange(toggleFilter(this.#filters, product, name, box.checked, this.#subsOf(product))) },
    });
    const count = h('span', { class: 'facet-count' });
    const li = h('li', { class: 'facet facet-sub' }, h('label', { class: 'facet-label' }, box, h('span', { class: 'facet-name', text: name }), count));
    const s = { li, box, count };
    r.subs.set(name, s);
    return s;
  }

  /** The current rows back in the facets shape (to redraw after expanding). */
  #rawFacets() {
    return this.#data.map((r) => ({ product: r.product, count: r.count, subcategories: r.subcategories }));
  }
}
