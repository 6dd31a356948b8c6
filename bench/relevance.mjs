#!/usr/bin/env node
// Relevance of peer search engines (and ticketsearch) on the judged query set.
//
//   node bench/relevance.mjs --tickets /tmp/sample.jsonl --queries tests/relevance/queries.json \
//        [--ticketsearch-site DIR] [--ticketsearch-bin PATH] [--engines a,b,…] [--json out.json]
//
// Tickets: export JSONL (`ticketsearch export data/sample > /tmp/sample.jsonl`).
// Every adapter in bench/peers/ indexes the same fields (title, description, answers joined,
// conversation texts joined; product/subcategory as filterable fields) and returns the ranked
// top-10 ticket ids for (query, filters). Metrics (bench/metrics.mjs): nDCG@10, MRR@10,
// Recall@10 averaged over the queries that have judgments; "no-answer" queries (empty
// judgments) are excluded from those averages and reported only as the share of them for which
// the engine returned zero hits.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate, mean, K } from './metrics.mjs';
import { matchesFilters } from './peers/common.mjs';

const ALL_ENGINES = ['ticketsearch', 'minisearch', 'flexsearch', 'flexsearch-bigram', 'lunr', 'pagefind',
  'pagefind-weighted'];
const PACKAGES = {
  minisearch: ['minisearch'],
  flexsearch: ['flexsearch'],
  'flexsearch-bigram': ['flexsearch'],
  lunr: ['lunr', 'lunr-languages', '@node-rs/jieba'],
  pagefind: ['pagefind', 'playwright-core'],
  'pagefind-weighted': ['pagefind', 'playwright-core'],
};

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string' },
    queries: { type: 'string' },
    'ticketsearch-site': { type: 'string' },
    'ticketsearch-bin': { type: 'string' },
    engines: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help || !args.tickets || !args.queries) {
  console.error('usage: node bench/relevance.mjs --tickets FILE.jsonl --queries queries.json ' +
    '[--ticketsearch-site DIR] [--ticketsearch-bin PATH] [--engines ' + ALL_ENGINES.join(',') +
    '] [--json out.json]');
  process.exit(args.help ? 0 : 2);
}

const require = createRequire(import.meta.url);
const versionOf = (pkg) => {
  try {
    return JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url), "utf8")).version;
  } catch { /* fall through */ }
  try { return require(`${pkg}/package.json`).version; } catch { return null; }
};

function readTickets(file) {
  const out = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try { out.push(JSON.parse(line)); } catch (e) {
      throw new Error(`${file}:${i + 1}: ${e.message}`);
    }
  });
  return out;
}

const tickets = readTickets(args.tickets);
const queries = JSON.parse(readFileSync(args.queries, 'utf8')).queries;
const engines = args.engines ? args.engines.split(',').map((s) => s.trim()) : ALL_ENGINES;
for (const e of engines) if (!ALL_ENGINES.includes(e)) throw new Error(`unknown engine ${e}`);

// Sanity: every judged id must exist in the tickets, otherwise the sample does not match.
const ticketIds = new Set(tickets.map((t) => t.id));
const ticketById = new Map(tickets.map((t) => [t.id, t]));
const unknownJudged = [...new Set(queries.flatMap((q) => Object.keys(q.judgments)))]
  .filter((id) => !ticketIds.has(id));
if (unknownJudged.length) {
  console.error(`warning: ${unknownJudged.length} judged id(s) not in the tickets: ` +
    unknownJudged.slice(0, 10).join(', '));
}

const kinds = [...new Set(queries.map((q) => q.kind))];
const judgedKinds = kinds.filter((k) => k !== 'no-answer');

async function runEngine(engine) {
  const result = {
    engine, status: 'ok', reason: null, config: null,
    versions: Object.fromEntries((PACKAGES[engine] ?? []).map((p) => [p, versionOf(p)])),
    buildMs: null, size: null, queryMsMean: null, overall: null, byKind: {},
    noAnswer: null, queries: [],
  };
  let mod;
  try {
    mod = await import(`./peers/${engine}.mjs`);
  } catch (e) {
    return { ...result, status: 'not measurable', reason: `adapter failed to load: ${e.message}` };
  }
  result.config = mod.describe();
  let ix;
  try {
    const t0 = performance.now();
    ix = await mod.build(tickets, {
      site: args['ticketsearch-site'] && resolve(args['ticketsearch-site']),
      bin: args['ticketsearch-bin'],
    });
    result.buildMs = ix && 'buildMs' in ix ? ix.buildMs : performance.now() - t0;
  } catch (e) {
    const skipped = e?.constructor?.name === 'NotMeasurable';
    return { ...result, status: skipped ? 'skipped' : 'not measurable', reason: e.message };
  }
  try {
    let totalMs = 0;
    for (const q of queries) {
      const t0 = performance.now();
      const ranked = await mod.search(ix, q.query, q.filters ?? []);
      totalMs += performance.now() - t0;
      const m = evaluate(ranked, q.judgments, K);
      // Adapter sanity: ids must be known tickets and inside the query's filters.
      const bad = ranked.filter((id) => {
        const t = ticketById.get(id);
        return !t || !matchesFilters(t.product, t.subcategory, q.filters ?? []);
      });
      if (bad.length) {
        process.stderr.write(`warning: ${engine} ${q.id}: ${bad.length} result(s) unknown or ` +
          `outside the filters: ${bad.join(', ')}\n`);
      }
      const relevant = Object.keys(q.judgments).filter((id) => q.judgments[id] >= 1);
      result.queries.push({
        id: q.id, kind: q.kind, query: q.query, filters: q.filters ?? [],
        ranked, grades: ranked.map((id) => q.judgments[id] ?? 0),
        ...m,
        zeroHits: ranked.length === 0,
        missedRelevant: relevant.filter((id) => !ranked.includes(id))
          .map((id) => ({ id, grade: q.judgments[id] })),
      });
    }
    result.queryMsMean = totalMs / queries.length;
    result.size = await mod.size(ix);
  } catch (e) {
    result.status = 'not measurable';
    result.reason = `search failed: ${e.message}`;
  } finally {
    try { await mod.close?.(ix); } catch { /* ignore */ }
  }
  if (result.status !== 'ok') return result;

  const judged = result.queries.filter((q) => q.ndcg !== null);
  const summarize = (qs) => ({
    n: qs.length,
    ndcg: mean(qs.map((q) => q.ndcg)),
    mrr: mean(qs.map((q) => q.mrr)),
    recall: mean(qs.map((q) => q.recall)),
  });
  result.overall = summarize(judged);
  for (const k of judgedKinds) result.byKind[k] = summarize(judged.filter((q) => q.kind === k));
  const na = result.queries.filter((q) => q.kind === 'no-answer' || q.ndcg === null);
  result.noAnswer = {
    n: na.length,
    zeroHits: na.filter((q) => q.zeroHits).length,
    share: na.length ? na.filter((q) => q.zeroHits).length / na.length : null,
  };
  return result;
}

const results = [];
for (const e of engines) {
  process.stderr.write(`running ${e}…\n`);
  results.push(await runEngine(e));
}
if (engines.some((e) => e.startsWith('pagefind'))) {
  try { await (await import('./peers/pagefind.mjs')).shutdownService(); } catch { /* ignore */ }
}

// ---------- report ----------
const f3 = (x) => (x === null || x === undefined ? '–' : x.toFixed(3));
const fInt = (x) => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-US'));
const ok = results.filter((r) => r.status === 'ok');
const nJudged = queries.filter((q) => Object.keys(q.judgments).length > 0).length;
const nNoAnswer = queries.length - nJudged;

const lines = [];
lines.push(`# Relevance of peer engines on ${queries.length} judged queries`);
lines.push('');
lines.push(`Tickets: ${tickets.length} from \`${args.tickets}\`; queries: \`${args.queries}\`. ` +
  `Metrics @${K} averaged over the ${nJudged} queries with judgments; the ${nNoAnswer} ` +
  'no-answer queries (empty judgments) are excluded from nDCG/MRR/Recall and reported only as ' +
  'the share of them for which the engine returned zero hits.');
lines.push('');
lines.push('| engine | nDCG@10 | MRR@10 | Recall@10 | no-answer → 0 hits | build ms | index bytes | index gzip | query ms (mean) |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of ok) {
  lines.push(`| ${r.engine} | ${f3(r.overall.ndcg)} | ${f3(r.overall.mrr)} | ${f3(r.overall.recall)} | ` +
    `${r.noAnswer.zeroHits}/${r.noAnswer.n} | ${fInt(r.buildMs)} | ${fInt(r.size?.bytes)} | ` +
    `${fInt(r.size?.gzipBytes)} | ${r.queryMsMean === null ? '–' : r.queryMsMean.toFixed(2)} |`);
}
for (const r of results.filter((x) => x.status !== 'ok')) {
  lines.push(`| ${r.engine} | ${r.status}: ${r.reason} | | | | | | | |`);
}
lines.push('');
lines.push('## nDCG@10 per query kind');
lines.push('');
lines.push(`| engine | ${judgedKinds.map((k) => `${k} (${queries.filter((q) => q.kind === k).length})`).join(' | ')} |`);
lines.push(`|---|${judgedKinds.map(() => '---:').join('|')}|`);
for (const r of ok) {
  lines.push(`| ${r.engine} | ${judgedKinds.map((k) => f3(r.byKind[k]?.ndcg)).join(' | ')} |`);
}
lines.push('');
lines.push('## Configuration');
lines.push('');
for (const r of results) {
  const v = Object.entries(r.versions).filter(([, x]) => x).map(([p, x]) => `${p}@${x}`).join(', ');
  lines.push(`- **${r.engine}**${v ? ` (${v})` : ''}: ${r.config ?? '–'}` +
    (r.status !== 'ok' ? ` — **${r.status}: ${r.reason}**` : ''));
}
lines.push('');
lines.push('## Notes');
lines.push('');
lines.push('- nDCG@10: gain 2^grade − 1, discount log2(rank + 1), ideal from all judged tickets of ' +
  'the query. MRR@10: first hit with grade ≥ 1. Recall@10: share of grade ≥ 1 tickets in the top 10.');
lines.push('- Build ms = time to build the index in this process (Pagefind: createIndex → ' +
  'writeFiles, excluding browser start-up; ticketsearch: not measured, the site is pre-built). ' +
  'Query ms includes each engine\'s call overhead (Pagefind: a browser round trip; ticketsearch: ' +
  'one CLI process per query), so it is not a latency comparison.');
for (const r of ok) if (r.size?.note) lines.push(`- Index size, ${r.engine}: ${r.size.note}.`);
lines.push('- Index size of minisearch/lunr = JSON.stringify(index); gzip = gzip -9 of that (per ' +
  'file for multi-file indexes). None of the JS peers\' sizes include the ticket texts needed to ' +
  'show results.');
lines.push('- elasticlunr 0.9.5 is installed for later; it has no adapter yet.');
console.log(lines.join('\n'));

if (args.json) {
  const out = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    tickets: { file: args.tickets, count: tickets.length },
    queries: { file: args.queries, count: queries.length, judged: nJudged, noAnswer: nNoAnswer },
    k: K,
    noAnswerTreatment: 'queries with empty judgments are excluded from nDCG/MRR/Recall ' +
      'averages; per engine we report only how many of them returned zero hits',
    engines: results,
  };
  writeFileSync(args.json, JSON.stringify(out, null, 2) + '\n');
  process.stderr.write(`wrote ${args.json}\n`);
}
