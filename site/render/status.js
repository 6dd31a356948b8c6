// The states around the results: loading, error (with retry), no results.
import { h, icon } from './dom.js';

export function renderLoading(t, { compact = false } = {}) {
  if (compact) {
    return h('div', { class: 'state state-loading', attrs: { 'aria-busy': 'true' } }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), t.loading);
  }
  const skeleton = Array.from({ length: 4 }, () =>
    h('div', { class: 'skeleton', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'sk sk-title' }), h('span', { class: 'sk sk-chip' }), h('span', { class: 'sk sk-line' }), h('span', { class: 'sk sk-line sk-short' })),
  );
  return h('div', { class: 'state state-loading', attrs: { 'aria-busy': 'true' } }, h('p', { class: 'state-text' }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), t.loading), skeleton);
}

/** The index (or a file it needs) failed: say what and offer a retry. */
export function renderError(t, message, onRetry, { compact = false } = {}) {
  return h(
    'div',
    { class: compact ? 'state state-error compact' : 'state state-error', attrs: { role: 'alert' } },
    icon('alert', 'icon state-icon'),
    h('div', { class: 'state-body' },
      h('p', { class: 'state-title', text: t.errorTitle }),
      h('p', { class: 'state-detail', text: message }),
      compact ? null : h('p', { class: 'state-hint', text: t.errorHint }),
      h('button', { type: 'button', class: 'btn btn-primary retry', text: t.retry, on: { click: onRetry } }),
    ),
  );
}

/** Nothing matched: echo the query, offer to clear the filters (or the query). */
export function renderEmpty(t, { query, filters, onClearFilters, onClearQuery, compact = false }) {
  const title = query
    ? filters.length ? t.noResultsFiltered(query) : t.noResults(query)
    : t.noResultsInFilters;
  const actions = h('p', { class: 'state-actions' },
    filters.length ? h('button', { type: 'button', class: 'btn btn-primary clear-filters', text: t.clearFilters, on: { click: onClearFilters } }) : null,
    query && !compact ? h('button', { type: 'button', class: 'btn clear-query', text: t.clearQuery, on: { click: onClearQuery } }) : null,
  );
  return h('div', { class: compact ? 'state state-empty compact' : 'state state-empty' },
    h('p', { class: 'state-title', text: title }),
    compact ? null : h('p', { class: 'state-hint', text: t.noResultsHint }),
    actions.childElementCount ? actions : null,
  );
}
