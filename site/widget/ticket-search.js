// <ticket-search>: search a ticketsearch site from any page.
//
//   <script type="module" src="https://assets.example/tickets/widget.js"></script>
//   <ticket-search src="https://assets.example/tickets/"></ticket-search>
//
// The element: its attributes and public surface. Registration is in
// ../widget.js (and ../app.js); the behaviour in ./controller.js, made on
// connect and destroyed on disconnect.
//
// Attributes
//   src          base URL of a built site (default: the directory of widget.js)
//   mode         "compact" (default: input + popup + ticket dialog) or "page"
//                (the full search page: categories, results, ticket view)
//   lang         UI language ("zh-CN" default, "en"); else the nearest [lang]
//   ticket-url   open a chosen ticket here instead of in a dialog; "{id}" is
//                replaced by the ticket id, e.g. "https://tickets.example/#t={id}"
//   filters      restrict searches to categories: "产品" or "产品｜子类", comma-separated
//   limit        hits per search (compact 8, page 10; "more" adds as many)
//   placeholder  the input's placeholder
//   theme        "light" or "dark" (default: the system's colour scheme)
//   hotkeys      also in compact mode, "/" and Ctrl/Cmd-K focus the input
//   eager        load the index at once (compact mode loads it on first focus)
//
// @event ticket-select  {detail: {id, number, title, product, subcategory}}
//        bubbles, composed, cancelable: preventDefault() to handle it yourself
// @event ticket-open    {detail: {id, title}} a ticket is shown
// @event ticket-results {detail: {query, filters, total, tookMs}}
// @event statechange    page mode: {detail: {view: {query, filters, ticket}, history}}
// @csspart root search input listbox popup see-all dialog ticket
// @cssprop --ts-font --ts-font-size --ts-fg --ts-muted --ts-bg --ts-surface
//          --ts-border --ts-accent --ts-accent-fg --ts-mark-bg --ts-mark-fg
//          --ts-radius --ts-shadow --ts-customer-bg --ts-agent-bg --ts-code-bg
//          --ts-popup-max-height --ts-z-index (see README "Theming")
import { SearchUI } from './controller.js';
import { SITE, WIDGET_CSS as CSS } from '../base.js';

const ui = new WeakMap();

export class TicketSearchElement extends HTMLElement {
  static observedAttributes = ['src', 'mode', 'lang', 'ticket-url', 'filters', 'limit', 'placeholder', 'hotkeys', 'theme'];

  /** Registers the element (once) under `tag` in `registry`. */
  static define(tag = 'ticket-search', registry = customElements) {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  connectedCallback() {
    this.shadowRoot ?? this.attachShadow({ mode: 'open', delegatesFocus: false });
    ui.get(this)?.destroy();
    ui.set(this, new SearchUI(this, this.shadowRoot, this.#options()));
  }

  disconnectedCallback() {
    ui.get(this)?.destroy();
    ui.delete(this);
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.isConnected || !ui.has(this)) return;
    // A changed configuration rebuilds the UI (keeping what the user typed).
    const previous = ui.get(this);
    const v = previous.store.state;
    this.connectedCallback();
    ui.get(this).setView({ query: v.query, filters: name === 'filters' ? undefined : v.filters, ticket: null });
  }

  #options() {
    const page = this.getAttribute('mode') === 'page';
    const lang = this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'zh-CN';
    const src = this.getAttribute('src');
    let base = src ? new URL(src, document.baseURI).href : SITE;
    if (!base.endsWith('/')) base += '/';
    const limit = Number.parseInt(this.getAttribute('limit') ?? '', 10);
    return {
      mode: page ? 'page' : 'compact',
      base,
      lang,
      limit: limit > 0 ? Math.min(limit, 100) : page ? 10 : 8,
      ticketUrl: this.getAttribute('ticket-url') || null,
      filters: (this.getAttribute('filters') ?? '').split(',').map((f) => f.trim()).filter(Boolean),
      placeholder: this.getAttribute('placeholder'),
      hotkeys: this.hasAttribute('hotkeys'),
      eager: this.hasAttribute('eager'),
      theme: this.getAttribute('theme'),
      cssUrl: CSS,
    };
  }

  /** The query, filters and open ticket: { query, filters, ticket }. */
  get view() {
    const s = ui.get(this)?.store.state;
    return s ? { query: s.query, filters: [...s.filters], ticket: s.ticket } : null;
  }

  /** Shows a view: { query, filters, ticket } (a missing key keeps its value). */
  setView(v) {
    ui.get(this)?.setView(v);
  }

  /** Focuses the search input. */
  focus() {
    ui.get(this)?.focusInput();
  }

  /** Opens a ticket by id (in page mode the ticket view, else the dialog). */
  openTicket(id) {
    ui.get(this)?.openTicket(String(id), { user: true });
  }
}
