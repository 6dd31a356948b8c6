// FlexSearch 0.8.212 as a Document index with its documented CJK preset `encoder: Charset.CJK`
// (README "Charset Collection": CJK splits the text into single characters; tokenize "strict",
// the default and the only sensible tokenizer for one-character terms).
// Note: Charset.CJK splits EVERYTHING into characters, Latin included ("403" -> 4, 0, 3).
//
// Field weights: FlexSearch has no numeric per-field boost for Document search. Its documented
// way to combine fields is `merge: true`, which lists the hits field by field in the order the
// fields are declared, so the fields are declared in boost order (title, description, answers,
// conversation) — a strict field priority, not a weighted sum.
// OR semantics: `suggest: true` (README "Fuzzy-Search" / suggestions), otherwise a query is an
// AND of all its characters and most multi-word queries return nothing.
// Filters: NATIVE — a tag field `cat` holding both "产品" and "产品｜子类"; several tag values
// in one search are a union in FlexSearch (intersect_union), i.e. OR-ed as required.
import { Document, Charset } from 'flexsearch';
import { FIELDS, TOP_K, categoryOf, cjkBigramTokenize, ticketFields } from './common.mjs';
import { gzipSync } from 'node:zlib';

// Two rows in the report:
//   flexsearch         the documented CJK setup above (4 fields, merge = field priority).
//   flexsearch-bigram  best configuration found on this query set, to separate FlexSearch's
//                      ranking from its CJK tokenization: our tokenizer (Latin words + Han
//                      bigrams, common.mjs) as the encoder function, tokenize "forward" (its
//                      partial-match mode, i.e. prefix matching for every term), and ONE
//                      combined field (title, description, answers, conversation) because
//                      merge's field priority ranked worse than no field weighting at all.
//                      (Same tokenizer with the 4-field merge: nDCG@10 ≈ 0.71 vs ≈ 0.80.)

function makeAdapter(variant) {
  const bigram = variant === 'bigram';
  const fields = bigram ? ['all'] : FIELDS;
  return {
    name: bigram ? 'flexsearch-bigram' : 'flexsearch',
    describe() {
      return bigram
        ? 'FlexSearch 0.8.212 Document, tuned: encoder = our tokenizer function (NFKC+lowercase, ' +
          'Latin words + Han bigrams), tokenize "forward" (prefix matching of every term), one ' +
          'combined text field (no boosts; merge\'s field priority ranked worse), suggest:true ' +
          'for OR semantics; no fuzzy; filters native (tag field, values OR-ed).'
        : 'FlexSearch 0.8.212 Document: encoder Charset.CJK (every character is a term, Latin ' +
          'too), tokenize "strict"; fields declared in boost order and combined with merge:true ' +
          '(strict field priority; no numeric field boosts exist); suggest:true for OR ' +
          'semantics; no prefix/fuzzy (single-character terms); filters native (tag field, ' +
          'values OR-ed).';
    },
    /** Document options; `store` (e.g. ['title']) adds stored fields (bench/scale). */
    documentOptions({ store } = {}) {
      return {
        encoder: bigram ? (s) => cjkBigramTokenize(s) : Charset.CJK,
        tokenize: bigram ? 'forward' : 'strict',
        document: { id: 'id', index: fields, tag: [{ field: 'cat' }], ...(store ? { store } : {}) },
      };
    },
    /** The document added for a ticket (`title` is kept as-is so that it can be stored). */
    toDocument(t) {
      const f = ticketFields(t);
      const text = bigram ? { all: FIELDS.map((k) => f[k]).join('\n'), title: t.title } : f;
      return { id: t.id, ...text, cat: [t.product, categoryOf(t)] };
    },
    searchOptions: { limit: TOP_K, suggest: true, merge: true },
    async build(tickets) {
      const doc = new Document(this.documentOptions());
      for (const t of tickets) doc.add(this.toDocument(t));
      return doc;
    },
    async search(doc, query, filters) {
      const opts = { ...this.searchOptions };
      if (filters.length) opts.tag = { cat: filters };
      const res = doc.search(query, opts);
      return res.slice(0, TOP_K).map((r) => (typeof r === 'object' ? r.id : r));
    },
    async size(doc) {
      let bytes = 0;
      let gzipBytes = 0;
      doc.export((key, data) => {
        const buf = Buffer.from(`${key}\n${data ?? ''}`, 'utf8');
        bytes += buf.length;
        gzipBytes += gzipSync(buf, { level: 9 }).length;
      });
      return { bytes, gzipBytes, note: 'sum of Document.export() chunks (gzip per chunk)' };
    },
  };
}

export const documented = makeAdapter('cjk');
export const bigramAdapter = makeAdapter('bigram');

export const name = documented.name;
export const describe = () => documented.describe();
export const build = (tickets) => documented.build(tickets);
export const search = (ix, q, f) => documented.search(ix, q, f);
export const size = (ix) => documented.size(ix);
// For bench/scale: the same configuration, to build a static index and search it in a browser.
export const documentOptions = (o) => documented.documentOptions(o);
export const toDocument = (t) => documented.toDocument(t);
export const searchOptions = documented.searchOptions;
