// The ticket view: title, category, description, numbered answers, the
// conversation as a chat (customer and agent apart, pasted code kept as
// code), and the root cause marked as an automatic analysis.
// All ticket text goes in as text nodes.
import { h, icon } from './dom.js';
import { chips } from './results.js';

const CODE_START = /^(\/\/|\/\*|#!|#include|\$ |>>> |<\/?[a-zA-Z!?]|[{}[\]();@]|(const|let|var|function|def|class|import|from|export|public|private|protected|static|void|string|int|if|for|while|return|try|catch|else|curl|wget|echo|sudo|npm|pip|go|java|python|node|mvn|docker|kubectl|git|SELECT|INSERT|UPDATE)\b)/;

/** Does this line (of a multi-line text) look like code? */
export function codeLike(line) {
  if (/\t/.test(line) || /^[ \u00a0]{2,}\S/.test(line)) return true;
  const t = line.replace(/\u00a0/g, ' ').trim();
  if (!t) return false;
  if (CODE_START.test(t) || /[;{}]$/.test(t) || /^\S+\s*[:=]\s*\S/.test(t) && /^[\x20-\x7e]+$/.test(t)) return true;
  const visible = t.replace(/\s/g, '');
  const ascii = visible.replace(/[^\x21-\x7e]/g, '').length / visible.length;
  return ascii > 0.9 && /[=(){}<>;"']/.test(t);
}

/**
 * A text as blocks [{ code, text }]: a multi-line text whose lines look
 * like code becomes prose before, code from the first to the last code-like
 * line, and prose after. Single lines and ordinary prose stay prose.
 */
export function blocks(text) {
  const s = String(text ?? '').replace(/\r\n?/g, '\n');
  const lines = s.split('\n');
  if (lines.length < 2) return [{ code: false, text: s }];
  const codey = lines.map(codeLike);
  const first = codey.indexOf(true);
  const last = codey.lastIndexOf(true);
  if (first < 0 || (first === last && lines.filter((l) => l.trim()).length > 2)) return [{ code: false, text: s }];
  const out = [];
  const before = lines.slice(0, first).join('\n');
  const code = lines.slice(first, last + 1).join('\n');
  const after = lines.slice(last + 1).join('\n');
  if (before.trim()) out.push({ code: false, text: before });
  out.push({ code: true, text: code });
  if (after.trim()) out.push({ code: false, text: after });
  return out;
}

/** Text as paragraphs and <pre><code> blocks. */
export function textBlocks(text, cls = 'text') {
  return blocks(text).map((b) =>
    // tabIndex: a wide block scrolls sideways, and keyboard users must be able to scroll it.
    b.code ? h('pre', { class: 'code', tabIndex: 0 }, h('code', { text: b.text })) : h('p', { class: cls, text: b.text }),
  );
}

function section(cls, title, ...content) {
  return h('section', { class: `ticket-section ${cls}` }, h('h3', { class: 'section-title' }, title), content);
}

/**
 * The ticket as an <article>. `headingId`: id of its <h2> (focusable, so a
 * view can move focus to it).
 */
export function renderTicket(ticket, { t, headingId }) {
  const answers = (ticket.answers ?? []).filter((a) => String(a).trim());
  const conversation = (ticket.conversation ?? []).filter((m) => String(m.text ?? '').trim());
  const meta = h('p', { class: 'ticket-meta' },
    chips(ticket.product, ticket.subcategory),
    h('span', { class: 'ticket-id' }, h('span', { text: t.number(ticket.number) }), ' · ', h('span', { text: ticket.id })),
  );
  return h('article', { class: 'ticket', attrs: { 'aria-labelledby': headingId } },
    h('header', { class: 'ticket-head' },
      meta,
      h('h2', { class: 'ticket-title', id: headingId, tabIndex: -1, text: ticket.title || t.none }),
    ),
    String(ticket.description ?? '').trim()
      ? section('description', t.description, h('div', { class: 'prose' }, textBlocks(ticket.description)))
      : null,
    answers.length
      ? section('answers', [t.answers, h('span', { class: 'section-count', text: String(answers.length) })],
        h('ol', { class: 'answer-list' }, answers.map((a, i) =>
          h('li', { class: 'answer' }, h('span', { class: 'answer-num', attrs: { 'aria-hidden': 'true' }, text: String(i + 1) }), h('div', { class: 'answer-body' }, textBlocks(a))))))
      : null,
    conversation.length
      ? section('conversation', [t.conversation, h('span', { class: 'section-count', text: String(conversation.length) })],
        h('ol', { class: 'chat' }, conversation.map((m, i) => renderMessage(m, i, conversation, t))))
      : null,
    String(ticket.root_cause ?? '').trim()
      ? h('aside', { class: 'root-cause', attrs: { 'aria-label': `${t.rootCause}（${t.automatic}）` } },
        h('h3', { class: 'section-title' }, icon('spark', 'icon spark'), t.rootCause, h('span', { class: 'badge', text: t.automatic })),
        textBlocks(ticket.root_cause),
        h('p', { class: 'note', text: t.automaticNote }))
      : null,
    ticket.source?.file
      ? h('footer', { class: 'ticket-source' }, `${t.source}: `, h('span', { text: `${ticket.source.file}${ticket.source.line ? `:${ticket.source.line}` : ''}` }))
      : null,
  );
}

function renderMessage(m, i, all, t) {
  const role = m.role === 'agent' ? 'agent' : 'customer';
  const first = i === 0 || (all[i - 1].role === 'agent' ? 'agent' : 'customer') !== role;
  return h('li', { class: ['msg', `msg-${role}`, first ? 'msg-first' : null] },
    h('span', { class: first ? 'who' : 'who sr-only', text: role === 'agent' ? t.agent : t.customer }),
    h('div', { class: 'bubble' }, textBlocks(m.text, 'msg-text')),
  );
}

export function renderTicketLoading(t) {
  return h('div', { class: 'state state-loading', attrs: { 'aria-busy': 'true' } }, h('p', { class: 'state-text' }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), t.ticketLoading));
}

export function renderTicketProblem(t, message, onRetry) {
  return h('div', { class: 'state state-error', attrs: { role: 'alert' } },
    icon('alert', 'icon state-icon'),
    h('div', { class: 'state-body' },
      h('p', { class: 'state-title', text: t.ticketError }),
      h('p', { class: 'state-detail', text: message }),
      onRetry ? h('button', { type: 'button', class: 'btn btn-primary retry', text: t.retry, on: { click: onRetry } }) : null,
    ),
  );
}
