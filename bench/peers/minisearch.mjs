// MiniSearch 7.2.0 with a CJK-aware tokenizer (Latin words + overlapping Han bigrams, see
// common.mjs), BM25+ scoring, field boosts, default OR combination.
// Query options: prefix only for the LAST query token (typing), fuzzy 0.2 (= 1 edit for 4–7
// chars) only for Latin tokens of ≥ 4 characters; Han bigrams are never fuzzy.
// Filters: NATIVE — MiniSearch's `filter` search option over the stored product/subcategory.
import MiniSearch from 'minisearch';
import {
  FIELD_BOOSTS, FIELDS, TOP_K, cjkBigramTokenize, isFuzzyLatinTerm, matchesFilters,
  sizeOfString, ticketFields,
} from './common.mjs';

export const name = 'minisearch';

export function describe() {
  return 'MiniSearch 7.2.0: tokenizer = NFKC+lowercase, Latin/digit words + overlapping Han ' +
    'bigrams (unigram for 1-char runs); boosts title 3, description 1.5, answers 1, ' +
    'conversation 0.7; combineWith OR (default); prefix on the last query token; fuzzy 0.2 ' +
    'on Latin tokens ≥ 4 chars; filters native (search option `filter` on stored fields).';
}

// Exported so that bench/scale (its build child and its browser page) configures MiniSearch
// exactly as here.
export const OPTIONS = {
  idField: 'id',
  fields: FIELDS,
  storeFields: ['product', 'subcategory'],
  tokenize: (text) => cjkBigramTokenize(text),
  processTerm: (term) => term, // the tokenizer already normalises
  searchOptions: {
    boost: FIELD_BOOSTS,
    combineWith: 'OR',
    prefix: (term, i, terms) => i === terms.length - 1,
    fuzzy: (term) => (isFuzzyLatinTerm(term) ? 0.2 : false),
  },
};

/** The document MiniSearch indexes for a ticket (title is among the text fields). */
export function toDocument(t) {
  return { id: t.id, product: t.product, subcategory: t.subcategory, ...ticketFields(t) };
}

export async function build(tickets) {
  const ms = new MiniSearch(OPTIONS);
  ms.addAll(tickets.map(toDocument));
  return ms;
}

export async function search(ms, query, filters) {
  const opts = filters.length
    ? { filter: (r) => matchesFilters(r.product, r.subcategory, filters) }
    : {};
  return ms.search(query, opts).slice(0, TOP_K).map((r) => r.id);
}

export async function size(ms) {
  return sizeOfString(JSON.stringify(ms));
}
