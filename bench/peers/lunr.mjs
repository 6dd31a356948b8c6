// lunr 2.3.9 + lunr-languages (zh). lunr.zh segments Chinese with @node-rs/jieba when it is
// installed (it is, pinned in package.json; lunr-languages falls back to Intl.Segmenter +
// bigrams otherwise — build() records which one ran). Index pipeline of lunr.zh: trimmer,
// Chinese stop words, no stemmer.
//
// Querying: lunr's query-string parser only splits on spaces/hyphens and runs the default
// search pipeline (English stemmer), so `idx.search("处理中")` never segments Chinese and
// stems Latin words differently from the index. A competent user therefore builds the query
// with `idx.query()`: the query is segmented by lunr.zh.tokenizer, passed through the same
// zh pipeline as the documents, and every term is an OPTIONAL clause (OR, lunr's default),
// with usePipeline:false. Prefix: the last term also matches as a trailing wildcard (boost
// 0.5 so the exact term still ranks first). Fuzzy: Latin terms ≥ 4 chars also match with
// editDistance 1 (boost 0.5).
// Field boosts: native (title 3, description 1.5, answers 1, conversation 0.7).
// Filters: POST-FILTER — lunr has no filtering; the top 200 results are filtered by category.
import { createRequire } from 'node:module';
import {
  FIELD_BOOSTS, POST_FILTER_CANDIDATES, TOP_K, isFuzzyLatinTerm, matchesFilters,
  sizeOfString, ticketFields,
} from './common.mjs';

const require = createRequire(import.meta.url);
const lunr = require('lunr');
require('lunr-languages/lunr.stemmer.support')(lunr);
require('lunr-languages/lunr.zh')(lunr);

export const name = 'lunr';

let segmenter = 'unknown';
try {
  require.resolve('@node-rs/jieba');
  require('@node-rs/jieba');
  segmenter = '@node-rs/jieba (via lunr-languages)';
} catch {
  segmenter = 'Intl.Segmenter + bigrams (lunr-languages fallback; @node-rs/jieba not loadable)';
}

export function describe() {
  return `lunr 2.3.9 + lunr-languages zh: segmenter ${segmenter}; zh pipeline (trimmer, zh ` +
    'stop words, no stemming) at index and query time; query built with idx.query() from the ' +
    'segmented terms, OR (optional clauses); boosts title 3, description 1.5, answers 1, ' +
    'conversation 0.7; last term also as trailing wildcard (boost 0.5); Latin terms ≥ 4 chars ' +
    'also with editDistance 1 (boost 0.5); filters by post-filtering the top 200.';
}

export async function build(tickets) {
  const meta = new Map();
  const idx = lunr(function () {
    this.use(lunr.zh);
    this.ref('id');
    for (const [field, boost] of Object.entries(FIELD_BOOSTS)) this.field(field, { boost });
    for (const t of tickets) {
      meta.set(t.id, { product: t.product, subcategory: t.subcategory });
      this.add({ id: t.id, ...ticketFields(t) });
    }
  });
  const queryPipeline = new lunr.Pipeline();
  queryPipeline.add(lunr.zh.trimmer, lunr.zh.stopWordFilter, lunr.zh.stemmer);
  return { idx, meta, queryPipeline };
}

function queryTerms(index, query) {
  const tokens = lunr.zh.tokenizer(query);
  const seen = new Set();
  const terms = [];
  for (const t of index.queryPipeline.run(tokens)) {
    const s = t.toString();
    if (!s || !/[\p{L}\p{N}]/u.test(s) || seen.has(s)) continue;
    seen.add(s);
    terms.push(s);
  }
  return terms;
}

export async function search(index, query, filters) {
  const terms = queryTerms(index, query);
  if (terms.length === 0) return [];
  const results = index.idx.query((q) => {
    terms.forEach((term, i) => {
      const opt = { usePipeline: false, presence: lunr.Query.presence.OPTIONAL };
      q.term(term, opt);
      if (i === terms.length - 1) {
        q.term(term, { ...opt, boost: 0.5, wildcard: lunr.Query.wildcard.TRAILING });
      }
      if (isFuzzyLatinTerm(term)) q.term(term, { ...opt, boost: 0.5, editDistance: 1 });
    });
  });
  let ids = results.map((r) => r.ref);
  if (filters.length) {
    ids = ids.slice(0, POST_FILTER_CANDIDATES).filter((id) => {
      const m = index.meta.get(id);
      return matchesFilters(m.product, m.subcategory, filters);
    });
  }
  return ids.slice(0, TOP_K);
}

export async function size(index) {
  return sizeOfString(JSON.stringify(index.idx));
}
