// A search hit as a listbox option: title with the query's matches marked,
// category chips, and the snippet (text segments + <mark>).
import { h, highlighted } from './dom.js';

/** The product and sub-category of a ticket as two chips. */
export function chips(product, subcategory, extra = null) {
  return h(
    'span',
    { class: 'chips' },
    product ? h('span', { class: 'chip chip-product', text: product }) : null,
    subcategory ? h('span', { class: 'chip chip-sub', text: subcategory }) : null,
    extra,
  );
}

/**
 * One option. `id`: its element id (for aria-activedescendant); `index`:
 * its position (data-index); `compact`: the widget's one-line variant.
 */
export function renderHit(hit, { id, index, t, compact = false }) {
  const title = h('span', { class: 'hit-title' }, highlighted(hit.titleSegments, hit.title));
  const snippetText = (hit.snippet ?? []).map((s) => s.text).join('');
  const snippet = snippetText.trim()
    ? h('span', { class: 'hit-snippet' }, highlighted(hit.snippet))
    : null;
  const number = h('span', { class: 'hit-number', text: t.number(hit.number) });
  return h(
    'li',
    {
      class: compact ? 'hit hit-compact' : 'hit',
      id,
      attrs: { role: 'option', 'aria-selected': 'false', 'data-index': index, 'data-id': hit.id },
    },
    h('span', { class: 'hit-head' }, title, compact ? null : number),
    h('span', { class: 'hit-meta' }, chips(hit.product, hit.subcategory), compact ? number : null),
    snippet,
  );
}
