// Shared helpers for the peer adapters: the indexed fields, the CJK-aware tokenizer used by
// the MiniSearch adapter, category-filter matching and size measurement.
//
// Adapter interface (every module in this directory except this one):
//   export const name = 'minisearch';
//   export function describe() -> string             // one line: how the engine is configured
//   export async function build(tickets) -> index    // tickets: export-schema objects
//   export async function search(index, query, filters) -> string[]   // ranked top-10 ticket ids
//   export async function size(index) -> { bytes, gzipBytes, note? }  // serialised index size
//   export async function close(index)               // optional: release browsers, servers…
// `filters` is an array of "产品" or "产品｜子类" strings, OR-ed (empty = no filter).

import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const TOP_K = 10;
// Engines without native filtering take this many candidates and post-filter them.
export const POST_FILTER_CANDIDATES = 200;

// Relative field weights asked for by the benchmark; each adapter maps them onto what its
// engine supports (or says that it cannot).
export const FIELD_BOOSTS = { title: 3, description: 1.5, answers: 1, conversation: 0.7 };
export const FIELDS = Object.keys(FIELD_BOOSTS);

/** The four searchable text fields of a ticket, as plain strings. */
export function ticketFields(t) {
  return {
    title: t.title ?? '',
    description: t.description ?? '',
    answers: (t.answers ?? []).join('\n'),
    conversation: (t.conversation ?? []).map((m) => m.text ?? '').join('\n'),
  };
}

/** "产品｜子类" of a ticket (full-width bar, as in the archives and the filters). */
export function categoryOf(t) {
  return `${t.product}｜${t.subcategory}`;
}

/** Does a ticket match any of the filters ("产品" or "产品｜子类", OR-ed)? */
export function matchesFilters(product, subcategory, filters) {
  if (!filters || filters.length === 0) return true;
  return filters.some((f) => {
    const i = f.indexOf('｜');
    if (i < 0) return product === f;
    return product === f.slice(0, i) && subcategory === f.slice(i + 1);
  });
}

const HAN = /\p{Script=Han}/u;
const WORDISH = /[\p{L}\p{N}]+/gu;
const HAS_LATIN_LETTER = /[a-z]/;

/**
 * CJK-aware tokenizer, the same idea as ticketsearch's analyzer: NFKC + lowercase; split into
 * runs of letters/digits; inside a run split Han from non-Han; non-Han (Latin/digit) pieces are
 * words; Han pieces become overlapping character bigrams (a one-character piece stays a unigram).
 * Punctuation, spaces and symbols separate tokens (so "kodo-browser" -> "kodo", "browser").
 */
export function cjkBigramTokenize(text) {
  const out = [];
  const norm = String(text ?? '').normalize('NFKC').toLowerCase();
  for (const m of norm.matchAll(WORDISH)) {
    const run = m[0];
    let piece = '';
    let pieceHan = null;
    const flush = () => {
      if (!piece) return;
      if (pieceHan) {
        const chars = Array.from(piece);
        if (chars.length === 1) out.push(chars[0]);
        else for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      } else {
        out.push(piece);
      }
      piece = '';
    };
    for (const ch of run) {
      const han = HAN.test(ch);
      if (pieceHan !== null && han !== pieceHan) flush();
      pieceHan = han;
      piece += ch;
    }
    flush();
  }
  return out;
}

/** A query term that gets typo tolerance: contains a Latin letter, no Han, at least 4 chars. */
export function isFuzzyLatinTerm(term) {
  return term.length >= 4 && HAS_LATIN_LETTER.test(term) && !HAN.test(term);
}

export function sizeOfString(s) {
  const buf = Buffer.from(s, 'utf8');
  return { bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
}

/** Sum of raw and per-file gzip sizes of the files under dir accepted by `keep(relPath)`. */
export function sizeOfDir(dir, keep = () => true) {
  let bytes = 0;
  let gzipBytes = 0;
  let files = 0;
  const walk = (d, rel) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, r);
      else if (e.isFile() && keep(r)) {
        const buf = readFileSync(p);
        bytes += buf.length;
        gzipBytes += gzipSync(buf, { level: 9 }).length;
        files++;
      }
    }
  };
  if (statSync(dir).isDirectory()) walk(dir, '');
  return { bytes, gzipBytes, files };
}
