// Cuts text the way ticketsearch's analyzer does, so that elasticlunr.js
// queries meet the index written by `ticketsearch build --emit elasticlunr`:
// NFKC + lowercase; CJK runs become overlapping character bigrams (a single
// character stays itself); Latin/digit words joined by . - _ / : @ are kept
// whole and also split into their parts.
//
//   import { tokenize } from './tokenizer.js';
//   elasticlunr.tokenizer = tokenize;          // before searching
//   index.search('证书部署', { expand: false });
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /[\p{L}\p{N}]/u;
const JOIN = /[.\-_/:@]/;

export function tokenize(text) {
  if (text == null) return [];
  if (Array.isArray(text)) return text.flatMap(tokenize);
  const chars = [...String(text).normalize('NFKC').toLowerCase()];
  const out = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    if (CJK.test(c)) {
      let j = i;
      while (j < chars.length && CJK.test(chars[j])) j++;
      if (j - i === 1) out.push(c);
      for (let k = i; k + 1 < j; k++) out.push(chars[k] + chars[k + 1]);
      i = j;
    } else if (WORD.test(c) && !CJK.test(c)) {
      let j = i;
      const parts = [];
      let part = '';
      while (j < chars.length) {
        const d = chars[j];
        if (WORD.test(d) && !CJK.test(d)) {
          part += d;
        } else if (JOIN.test(d) && part && j + 1 < chars.length && WORD.test(chars[j + 1]) && !CJK.test(chars[j + 1])) {
          parts.push(part);
          part = '';
        } else {
          break;
        }
        j++;
      }
      parts.push(part);
      if (parts.length > 1) out.push(chars.slice(i, j).join(''));
      out.push(...parts);
      i = j;
    } else {
      i++;
    }
  }
  return out.filter((t) => t.length <= 64);
}
