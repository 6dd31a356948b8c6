// The behaviour behind <ticket-search>: made on connect, destroyed on
// disconnect. One shadow root holds the input (ARIA combobox), the listbox
// of hits and, in page mode, the category panel and the ticket view; in
// compact mode (the widget) a popup under the input and a ticket dialog.
//
// Focus stays in the input while arrows move the active option
// (aria-activedescendant); keys and input are ignored while an IME composes.
import { Client } from '../client.js';
import { Store, initialState, view, sameView, normalizeFilters, toHash } from '../state.js';
import { h, replace, icon } from '../render/dom.js';
import { strings } from '../render/i18n.js';
import { renderHit } from '../render/results.js';
import { FacetPanel } from '../render/facets.js';
import { renderTicket, renderTicketLoading, renderTicketProblem } from '../render/ticket.js';
import { renderLoading, renderError, renderEmpty } from '../render/status.js';

let instances = 0;

/** Is the event's real target a text field (so `/` types a slash)? */
function typing(event) {
  const el = event.composedPath()[0];
  return el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

export class SearchUI {
  /**
   * host: the <ticket-search> element; shadow: its shadow root;
   * options: { mode: 'page'|'compact', base, lang, limit, ticketUrl,
   * filters, hotkeys, eager, placeholder, cssUrl }
   */
  constructor(host, shadow, options) {
    this.host = host;
    this.shadow = shadow;
    this.o = options;
    this.page = options.mode === 'page';
    this.t = strings(options.lang);
    this.id = `ts${++instances}`;
    this.client = new Client(options.base);
    this.store = new Store({ ...initialState(), filters: normalizeFilters(options.filters ?? []) });
    this.composing = false;
    this.expanded = false;
    this.ticketFocus = false;
    this.scrollBeforeTicket = 0;
    this.liveTimer = 0;
    this.cleanup = [];
    this.build();
    this.unsubscribe = this.store.subscribe((state, changed) => this.render(state, changed));
    this.render(this.store.state, new Set(Object.keys(this.store.state)));
    if (this.page || options.eager) this.start();
  }

  destroy() {
    this.unsubscribe();
    for (const fn of this.cleanup) fn();
    clearTimeout(this.liveTimer);
    this.shadow.replaceChildren();
  }

  listen(target, type, fn, opts) {
    target.addEventListener(type, fn, opts);
    this.cleanup.push(() => target.removeEventListener(type, fn, opts));
  }

  // ---------------------------------------------------------------- DOM

  build() {
    const { t, id } = this;
    const css = h('link', { rel: 'stylesheet', href: this.o.cssUrl });
    // Until the stylesheet is in, the content stays hidden (no flash of unstyled markup).
    this.root = h('div', { class: ['root', this.page ? 'page' : 'compact'], hidden: true, attrs: { part: 'root', lang: t.lang } });
    const shown = () => (this.root.hidden = false);
    css.addEventListener('load', shown, { once: true });
    css.addEventListener('error', shown, { once: true });
    // Dark by the system's colour scheme, unless the theme attribute says otherwise.
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const scheme = () => this.root.classList.toggle('dark', this.o.theme === 'dark' || (this.o.theme !== 'light' && dark.matches));
    scheme();
    this.listen(dark, 'change', scheme);

    this.input = h('input', {
      type: 'search',
      class: 'input',
      id: `${id}-input`,
      attrs: {
        part: 'input',
        role: 'combobox',
        'aria-controls': `${id}-listbox`,
        'aria-expanded': 'false',
        'aria-autocomplete': 'list',
        'aria-label': t.searchLabel,
        'aria-describedby': `${id}-hint`,
        autocomplete: 'off',
        autocapitalize: 'off',
        spellcheck: 'false',
        enterkeyhint: 'search',
      },
    });
    // The long placeholder only where it fits.
    const narrow = window.matchMedia('(max-width: 820px)');
    const placeholder = () => (this.input.placeholder = this.o.placeholder || (this.page && !narrow.matches ? t.placeholder : t.placeholderCompact));
    placeholder();
    this.listen(narrow, 'change', placeholder);
    this.clearBtn = h('button', { type: 'button', class: 'icon-btn clear', hidden: true, attrs: { 'aria-label': t.clearQuery }, on: { click: () => this.clearQuery() } }, icon('close'));
    const kbd = this.page ? h('kbd', { class: 'kbd', attrs: { 'aria-hidden': 'true' }, text: '/' }) : null;
    this.searchBox = h('div', { class: 'search', attrs: { part: 'search', role: 'search' } }, icon('search', 'icon search-icon'), this.input, this.clearBtn, kbd);

    this.listbox = h('ul', { class: 'hits', id: `${id}-listbox`, hidden: true, attrs: { role: 'listbox', part: 'listbox', 'aria-label': t.resultsLabel } });
    this.stateEl = h('div', { class: 'state-slot' });
    this.summary = h('p', { class: 'summary' });
    this.live = h('div', { class: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
    this.hint = h('p', { class: 'hint', id: `${id}-hint`, text: this.page ? t.hint : t.hintCompact });

    this.listen(this.input, 'input', (e) => {
      if (e.isComposing || this.composing) return;
      this.onQueryInput();
    });
    this.listen(this.input, 'compositionstart', () => (this.composing = true));
    this.listen(this.input, 'compositionend', () => {
      this.composing = false;
      this.onQueryInput();
    });
    this.listen(this.input, 'keydown', (e) => this.onKey(e));
    this.listen(this.input, 'focus', () => {
      this.start();
      if (!this.page) this.setExpanded(this.wantsPopup());
    });
    this.listen(this.listbox, 'mousedown', (e) => e.preventDefault()); // keep focus in the input
    this.listen(this.listbox, 'click', (e) => {
      const li = e.target.closest?.('[role="option"]');
      if (li) this.choose(Number(li.dataset.index));
    });

    if (this.page) this.buildPage(css);
    else this.buildCompact(css);
  }

  buildPage(css) {
    const { t, id } = this;
    this.facets = new FacetPanel({ t, idPrefix: id, onChange: (filters) => this.setFilters(filters) });
    this.filterToggle = h('button', {
      type: 'button',
      class: 'btn filter-toggle',
      attrs: { 'aria-expanded': 'false', 'aria-controls': `${id}-facets` },
      on: {
        click: () => {
          const open = this.filterToggle.getAttribute('aria-expanded') !== 'true';
          this.filterToggle.setAttribute('aria-expanded', String(open));
          this.facets.element.classList.toggle('open', open);
        },
      },
    }, icon('filter'), h('span', { class: 'filter-toggle-text', text: t.filterToggle }));
    this.more = h('button', { type: 'button', class: 'btn more', hidden: true, on: { click: () => this.loadMore() } });
    this.ticketSlot = h('div', { class: 'ticket-slot' });
    this.backBtn = h('button', { type: 'button', class: 'btn back', on: { click: () => this.closeTicket({ user: true }) } }, icon('back'), t.back);
    this.ticketView = h('section', { class: 'ticket-view', hidden: true, attrs: { part: 'ticket', 'aria-label': t.openTicket } }, h('div', { class: 'ticket-bar' }, this.backBtn), this.ticketSlot);
    const brand = h('p', { class: 'brand' }, h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }, icon('search', 'icon')), h('span', { class: 'brand-name', text: t.brand }));
    this.main = h('main', { class: 'main', attrs: { 'aria-label': t.resultsLabel } },
      h('div', { class: 'main-head' }, this.summary),
      this.stateEl,
      this.listbox,
      this.more,
      this.hint,
    );
    replace(this.root,
      h('header', { class: 'bar' }, h('div', { class: 'bar-inner' }, brand, this.searchBox)),
      h('div', { class: 'layout' },
        h('aside', { class: 'side', attrs: { 'aria-label': t.categories } }, this.filterToggle, this.facets.element),
        this.main,
        this.ticketView,
      ),
      this.live,
    );
    this.shadow.replaceChildren(css, this.root);

    // Keyboard anywhere on the page: / or Ctrl/Cmd-K focus the search; Esc closes the ticket.
    this.listen(document, 'keydown', (e) => this.onDocumentKey(e));
  }

  buildCompact(css) {
    const { t, id } = this;
    this.seeAll = h('a', { class: 'see-all', hidden: true, attrs: { part: 'see-all' } });
    this.popup = h('div', { class: 'popup', hidden: true, attrs: { part: 'popup' } },
      this.stateEl,
      this.listbox,
      h('div', { class: 'popup-foot' }, this.summary, this.seeAll),
      this.hint,
    );
    this.ticketSlot = h('div', { class: 'ticket-slot' });
    const close = h('button', { type: 'button', class: 'icon-btn dialog-close', attrs: { 'aria-label': t.close }, on: { click: () => this.dialog.close() } }, icon('close'));
    this.dialog = h('dialog', { class: 'ticket-dialog', attrs: { part: 'dialog', 'aria-labelledby': `${id}-ticket-h` } }, h('div', { class: 'dialog-bar' }, close), this.ticketSlot);
    this.listen(this.dialog, 'close', () => {
      if (this.store.state.ticket) this.store.set({ ticket: null });
    });
    this.listen(this.dialog, 'click', (e) => {
      if (e.target === this.dialog) this.dialog.close(); // a click on the backdrop
    });
    replace(this.root, this.searchBox, this.popup, this.dialog, this.live);
    this.shadow.replaceChildren(css, this.root);
    this.listen(this.root, 'focusout', (e) => {
      if (!e.relatedTarget || !this.root.contains(e.relatedTarget)) this.setExpanded(false);
    });
    this.listen(this.popup, 'mousemove', (e) => {
      const li = e.target.closest?.('[role="option"]');
      if (li && Number(li.dataset.index) !== this.store.state.active) this.store.set({ active: Number(li.dataset.index) });
    });
    if (this.o.hotkeys) this.listen(document, 'keydown', (e) => this.onDocumentKey(e));
  }

  // ---------------------------------------------------------------- actions

  /** Opens the index (once; again after a failure) and runs the search. */
  start() {
    const s = this.store.state;
    if (s.status === 'loading' || s.status === 'ready') return;
    this.store.set({ status: 'loading', error: null });
    this.client.ready().then(
      () => {
        this.store.set({ status: 'ready', size: this.client.size });
        this.search();
        if (this.store.state.ticket) this.showTicket(this.store.state.ticket);
      },
      (err) => this.fail(err),
    );
  }

  fail(err) {
    this.store.set({ status: 'error', error: String(err?.message ?? err), searching: false });
  }

  retry() {
    if (this.store.state.status === 'error') {
      this.store.set({ status: 'idle', results: null });
      this.start();
    }
  }

  /** Searches for the current query and filters; stale answers are dropped. */
  search() {
    const { query, filters, status } = this.store.state;
    if (status !== 'ready') return;
    if (!this.page && !query.trim()) {
      this.client.cancel();
      this.store.set({ results: null, searching: false, active: -1 });
      return;
    }
    this.store.set({ searching: true });
    this.client.search(query, { filters, limit: this.o.limit, offset: 0 }).then(
      (results) => {
        if (!results) return;
        this.store.set({
          results,
          facets: results.facets,
          searching: false,
          active: !this.page && results.hits.length ? 0 : -1,
        });
        this.host.dispatchEvent(new CustomEvent('ticket-results', { detail: { query, filters: [...filters], total: results.total, tookMs: results.tookMs } }));
      },
      (err) => this.fail(err),
    );
  }

  loadMore() {
    const { query, filters, results } = this.store.state;
    if (!results) return;
    this.more.disabled = true;
    this.client.more(query, { filters, limit: this.o.limit, offset: results.hits.length }).then(
      (next) => {
        this.more.disabled = false;
        if (!next || this.store.state.results !== results) return;
        this.store.set({ results: { ...results, hits: [...results.hits, ...next.hits] } });
      },
      (err) => this.fail(err),
    );
  }

  onQueryInput() {
    const query = this.input.value;
    if (query === this.store.state.query) return;
    const closing = this.page && this.store.state.ticket;
    this.store.set({ query, ...(closing ? { ticket: null } : {}) });
    this.changed(closing ? 'push' : 'replace');
    this.search();
    if (!this.page) this.setExpanded(this.wantsPopup());
  }

  clearQuery() {
    this.input.value = '';
    this.onQueryInput();
    this.input.focus();
  }

  setFilters(filters) {
    this.store.set({ filters: normalizeFilters(filters) });
    this.changed('push');
    this.search();
  }

  /** The user picked option `i`. */
  choose(i) {
    const hit = this.store.state.results?.hits[i];
    if (!hit) return;
    this.store.set({ active: i });
    const detail = { id: hit.id, number: hit.number, title: hit.title, product: hit.product, subcategory: hit.subcategory };
    const go = this.host.dispatchEvent(new CustomEvent('ticket-select', { bubbles: true, composed: true, cancelable: true, detail }));
    if (!go) return;
    if (!this.page && this.o.ticketUrl) {
      window.location.assign(this.o.ticketUrl.replaceAll('{id}', encodeURIComponent(hit.id)));
      return;
    }
    this.openTicket(hit.id, { user: true });
  }

  openTicket(id, { user = false } = {}) {
    if (this.store.state.ticket === id) return;
    if (this.page && !this.store.state.ticket) this.scrollBeforeTicket = window.scrollY;
    this.ticketFocus = user;
    this.store.set({ ticket: id });
    if (user) this.changed('push');
  }

  closeTicket({ user = false } = {}) {
    if (!this.store.state.ticket) return;
    if (!this.page) {
      this.dialog.close();
      return;
    }
    this.store.set({ ticket: null });
    if (user) this.changed('close');
  }

  /** Tells the page (app.js) that the URL-worthy view changed. */
  changed(how) {
    if (!this.page) return;
    this.host.dispatchEvent(new CustomEvent('statechange', { detail: { view: view(this.store.state), history: how } }));
  }

  /** Shows a view (from the URL): query, filters, open ticket. */
  setView(v) {
    const s = this.store.state;
    const next = {
      query: v.query ?? s.query,
      filters: normalizeFilters(v.filters ?? s.filters),
      ticket: v.ticket === undefined ? s.ticket : v.ticket,
    };
    if (sameView(view(s), next)) return;
    const research = next.query !== s.query || next.filters.join('\n') !== s.filters.join('\n');
    if (this.input.value !== next.query) this.input.value = next.query;
    if (next.ticket && next.ticket !== s.ticket && !s.ticket) this.scrollBeforeTicket = window.scrollY;
    this.ticketFocus = false;
    this.store.set(next);
    if (research) this.search();
  }

  // ---------------------------------------------------------------- keys

  onKey(e) {
    if (e.isComposing || e.keyCode === 229 || this.composing) return;
    const s = this.store.state;
    const n = s.results?.hits.length ?? 0;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!this.page && !this.expanded) {
          this.setExpanded(this.wantsPopup());
          return;
        }
        if (n) this.store.set({ active: Math.min(s.active + 1, n - 1) });
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (n) this.store.set({ active: this.page ? Math.max(s.active - 1, -1) : Math.max(s.active - 1, 0) });
        break;
      case 'Enter':
        if (!n || (!this.page && !this.expanded)) return;
        e.preventDefault();
        this.choose(s.active >= 0 ? s.active : 0);
        break;
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        if (this.page && s.ticket) this.closeTicket({ user: true });
        else if (!this.page && this.expanded) this.setExpanded(false);
        else if (this.page && s.active >= 0) this.store.set({ active: -1 });
        else if (this.input.value) this.clearQuery();
        break;
      default:
    }
  }

  onDocumentKey(e) {
    if (e.defaultPrevented || e.isComposing) return;
    const k = e.key;
    if ((k === '/' && !typing(e) && !e.ctrlKey && !e.metaKey && !e.altKey) || ((k === 'k' || k === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey)) {
      e.preventDefault();
      this.focusInput();
    } else if (k === 'Escape' && this.page && this.store.state.ticket && e.composedPath()[0] !== this.input) {
      e.preventDefault();
      this.closeTicket({ user: true });
    }
  }

  focusInput() {
    this.input.focus();
    this.input.select();
  }

  // ---------------------------------------------------------------- render

  wantsPopup() {
    const s = this.store.state;
    return this.shadow.activeElement === this.input && (s.query.trim() !== '' || s.status === 'error');
  }

  setExpanded(open) {
    if (this.page) return;
    this.expanded = open;
    this.popup.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open && !this.listbox.hidden));
    this.updateActive(this.store.state);
  }

  render(s, changed) {
    const has = (...keys) => keys.some((k) => changed.has(k));
    if (has('status', 'error', 'results', 'searching', 'query', 'filters')) this.renderResults(s);
    if (has('active', 'results')) this.updateActive(s);
    if (this.page && has('facets', 'filters')) {
      this.facets.update(s.facets, s.filters);
      this.filterToggle.querySelector('.filter-toggle-text').textContent = s.filters.length ? this.t.filterToggleCount(s.filters.length) : this.t.filterToggle;
    }
    if (has('ticket') && s.status === 'ready') this.showTicket(s.ticket);
    if (has('query')) this.clearBtn.hidden = s.query === '';
    this.root.classList.toggle('is-busy', s.searching);
    if (this.page) this.root.classList.toggle('has-facets', s.status === 'ready' && (s.facets.length > 0 || s.filters.length > 0));
  }

  renderResults(s) {
    const { t } = this;
    const r = s.results;
    let state = null;
    if (s.status === 'idle' || s.status === 'loading') state = renderLoading(t, { compact: !this.page });
    else if (s.status === 'error') state = renderError(t, s.error, () => this.retry(), { compact: !this.page });
    else if (r && r.total === 0)
      state = renderEmpty(t, {
        query: s.query.trim(),
        filters: s.filters,
        compact: !this.page,
        onClearFilters: () => this.setFilters([]),
        onClearQuery: () => this.clearQuery(),
      });
    replace(this.stateEl, state);

    if (changedResults(this, r)) {
      const items = (r?.hits ?? []).map((hit, i) => renderHit(hit, { id: `${this.id}-opt-${i}`, index: i, t, compact: !this.page }));
      replace(this.listbox, items);
    }
    const show = s.status === 'ready' && !!r && r.hits.length > 0;
    this.listbox.hidden = !show;
    this.hint.hidden = !show;
    this.listbox.classList.toggle('is-stale', s.searching);

    if (s.status === 'ready' && r && r.total > 0) {
      const count = s.query.trim() ? t.results(r.total) : t.browse(r.total);
      this.summary.textContent = `${count} · ${t.took(r.tookMs)}`;
    } else this.summary.textContent = '';

    if (this.page) {
      const showing = r ? r.hits.length : 0;
      this.more.hidden = !(show && showing < r.total);
      if (!this.more.hidden) this.more.textContent = t.more(showing, r.total);
      this.input.setAttribute('aria-expanded', String(show));
    } else {
      if (r && r.total > r.hits.length && s.query.trim()) {
        this.seeAll.hidden = false;
        this.seeAll.href = this.client.base + toHash({ query: s.query, filters: s.filters });
        this.seeAll.textContent = t.seeAll(r.total);
      } else this.seeAll.hidden = true;
      this.setExpanded(this.wantsPopup());
    }
    if (s.status === 'ready' && r && !s.searching) this.announce(t.announce(r.total));
    else if (s.status === 'error') this.announce(t.errorTitle);
  }

  updateActive(s) {
    const prev = this.listbox.querySelector('[aria-selected="true"]');
    if (prev) prev.setAttribute('aria-selected', 'false');
    const el = s.active >= 0 ? this.listbox.children[s.active] : null;
    const visible = el && !this.listbox.hidden && (this.page || this.expanded);
    if (visible) {
      el.setAttribute('aria-selected', 'true');
      this.input.setAttribute('aria-activedescendant', el.id);
      el.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  announce(text) {
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(() => {
      this.live.textContent = text;
    }, 500);
  }

  showTicket(id) {
    const { t } = this;
    const headingId = `${this.id}-ticket-h`;
    if (this.page) {
      this.root.classList.toggle('has-ticket', !!id);
      this.ticketView.hidden = !id;
      if (!id) {
        this.ticketSlot.replaceChildren();
        window.scrollTo(0, this.scrollBeforeTicket);
        if (this.shadow.activeElement === null || this.ticketView.contains(this.shadow.activeElement)) this.input.focus({ preventScroll: true });
        return;
      }
      window.scrollTo(0, 0);
    } else if (!id) {
      if (this.dialog.open) this.dialog.close();
      this.ticketSlot.replaceChildren();
      return;
    } else if (!this.dialog.open) {
      this.setExpanded(false);
      this.dialog.showModal();
    }
    replace(this.ticketSlot, renderTicketLoading(t));
    const focus = this.ticketFocus;
    this.client.ticket(id).then(
      (ticket) => {
        if (this.store.state.ticket !== id) return;
        if (!ticket) {
          replace(this.ticketSlot, renderTicketProblem(t, t.ticketMissing(id)));
          return;
        }
        replace(this.ticketSlot, renderTicket(ticket, { t, headingId }));
        if (focus || !this.page) this.shadow.getElementById(headingId)?.focus({ preventScroll: true });
        this.host.dispatchEvent(new CustomEvent('ticket-open', { detail: { id: ticket.id, title: ticket.title } }));
      },
      (err) => {
        if (this.store.state.ticket !== id) return;
        replace(this.ticketSlot, renderTicketProblem(t, String(err?.message ?? err), () => this.showTicket(id)));
      },
    );
  }
}

/** Did the result set change since the listbox was last drawn? */
function changedResults(ui, r) {
  if (ui.drawn === r) return false;
  ui.drawn = r;
  return true;
}
