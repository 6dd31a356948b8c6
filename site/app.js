// The full search page: <ticket-search mode="page"> plus the URL.
// The component never touches the URL (a widget must not); this page keeps
// its view in the hash (#q=…&f=…&t=…): shareable, back/forward, reload.
import { TicketSearchElement } from './widget/ticket-search.js';
import { fromHash, toHash, sameView } from './state.js';
import { strings } from './render/i18n.js';

TicketSearchElement.define();

const el = document.querySelector('ticket-search');
const t = strings(document.documentElement.lang);
let ticketTitle = null;

function title(v) {
  if (v.ticket && ticketTitle) return `${ticketTitle} · ${t.brand}`;
  if (v.query) return `${v.query} · ${t.brand}`;
  return t.brand;
}

function restore() {
  const v = fromHash(location.hash);
  if (!v.ticket) ticketTitle = null;
  el.setView(v);
  document.title = title(v);
}

// The component's changes → the URL. Typing replaces the entry (no entry per
// keystroke); filters and opening a ticket add one; closing a ticket that
// this page opened goes back to the entry before it.
el.addEventListener('statechange', (e) => {
  const { view: v, history: how } = e.detail;
  if (!v.ticket) ticketTitle = null;
  document.title = title(v);
  const url = `${location.pathname}${location.search}${toHash(v)}`;
  if (sameView(fromHash(location.hash), v)) return;
  if (how === 'close' && history.state?.ticketFrom === 'app') {
    history.back();
  } else if (how === 'push') {
    history.pushState(v.ticket ? { ticketFrom: 'app' } : null, '', url);
  } else {
    history.replaceState(history.state, '', url);
  }
});

el.addEventListener('ticket-open', (e) => {
  ticketTitle = e.detail.title;
  document.title = title(el.view);
});

window.addEventListener('popstate', restore);
window.addEventListener('hashchange', restore);
restore();
