// Building DOM without HTML strings. Text always goes in as text nodes
// (textContent), so ticket text can never become markup; there is no way to
// pass `innerHTML` or a `style` attribute through these helpers (the page's
// CSP forbids inline styles, and ticket text is untrusted).

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('li', { class: 'hit', id, attrs: { role: 'option' }, on: { click } }, child, …)
 * Children: nodes, strings (become text nodes), arrays, null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  apply(el, props);
  append(el, children);
  return el;
}

function apply(el, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    switch (key) {
      case 'class':
        el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
        break;
      case 'text':
        el.textContent = String(value);
        break;
      case 'attrs':
        for (const [name, v] of Object.entries(value)) {
          if (v == null || v === false) continue;
          if (/^(style|on)/i.test(name) || name === 'srcdoc') throw new Error(`refusing attribute ${name}`);
          el.setAttribute(name, v === true ? '' : String(v));
        }
        break;
      case 'on':
        for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
        break;
      case 'innerHTML':
      case 'outerHTML':
      case 'style':
        throw new Error(`refusing ${key}`);
      default:
        el[key] = value;
    }
  }
}

/** Appends children (nodes, strings, arrays; null and false are skipped). */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces all children of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Text segments [{text, hit}] as text nodes and <mark>s. */
export function highlighted(segments, fallback = '') {
  const frag = document.createDocumentFragment();
  if (!Array.isArray(segments) || segments.length === 0) {
    frag.append(document.createTextNode(String(fallback)));
    return frag;
  }
  for (const { text, hit } of segments) {
    frag.append(hit ? h('mark', { text }) : document.createTextNode(String(text)));
  }
  return frag;
}

const ICONS = {
  search: 'M10.5 3a7.5 7.5 0 0 1 5.96 12.05l4.25 4.24-1.42 1.42-4.24-4.25A7.5 7.5 0 1 1 10.5 3Zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z',
  close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4 6.4 5Z',
  back: 'M10.8 5.6 4.4 12l6.4 6.4 1.4-1.4-4-4H20v-2H8.2l4-4-1.4-1.4Z',
  alert: 'M12 2 1 21h22L12 2Zm0 4.2L19.5 19h-15L12 6.2ZM11 10v5h2v-5h-2Zm0 6v2h2v-2h-2Z',
  filter: 'M3 5h18v2l-7 7v5l-4 2v-7L3 7V5Z',
  chevron: 'M9 6.4 10.4 5l7 7-7 7L9 17.6l5.6-5.6L9 6.4Z',
  spark: 'M12 2l1.9 5.6L19.5 9.5l-5.6 1.9L12 17l-1.9-5.6L4.5 9.5l5.6-1.9L12 2Zm7 12 1 2.6 2.6 1-2.6 1L19 21.2 18 18.6l-2.6-1 2.6-1L19 14Z',
};

/** A 24×24 icon drawn as inline SVG (no image URLs: the CSP allows none). */
export function icon(name, cls = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', cls);
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICONS[name]);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}
