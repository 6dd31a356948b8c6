// Ranking metrics over graded judgments ({ticketId: grade}, grades 1/2; unjudged = 0).
//
//   nDCG@k   gain 2^grade − 1, discount log2(rank + 1); the ideal ranking is built from ALL
//            judged tickets of the query (sorted by grade), cut at k.
//   MRR@k    1 / rank of the first result with grade ≥ 1 within the top k, else 0.
//   Recall@k share of the grade ≥ 1 tickets that appear in the top k.
//
// Queries with no judged tickets (kind "no-answer") have no defined nDCG/MRR/Recall: callers
// exclude them from these averages (evaluate() returns null for them) and report instead
// whether the engine returned zero hits.
//
// Self-test: node bench/metrics.mjs --self-test

export const K = 10;

const gain = (grade) => 2 ** grade - 1;
const discount = (rank) => Math.log2(rank + 1); // rank is 1-based

export function dcg(grades, k = K) {
  let s = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) s += gain(grades[i]) / discount(i + 1);
  return s;
}

export function ndcgAtK(ranked, judgments, k = K) {
  const ideal = Object.values(judgments).filter((g) => g > 0).sort((a, b) => b - a);
  const idcg = dcg(ideal, k);
  if (idcg === 0) return null;
  return dcg(ranked.slice(0, k).map((id) => judgments[id] ?? 0), k) / idcg;
}

export function mrrAtK(ranked, judgments, k = K) {
  if (!Object.values(judgments).some((g) => g >= 1)) return null;
  const top = ranked.slice(0, k);
  for (let i = 0; i < top.length; i++) if ((judgments[top[i]] ?? 0) >= 1) return 1 / (i + 1);
  return 0;
}

export function recallAtK(ranked, judgments, k = K) {
  const relevant = Object.keys(judgments).filter((id) => judgments[id] >= 1);
  if (relevant.length === 0) return null;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** All three metrics for one query; null values when the query has no judged ticket. */
export function evaluate(ranked, judgments, k = K) {
  return {
    ndcg: ndcgAtK(ranked, judgments, k),
    mrr: mrrAtK(ranked, judgments, k),
    recall: recallAtK(ranked, judgments, k),
  };
}

/** Mean of the non-null values, or null when there are none. */
export function mean(values) {
  const v = values.filter((x) => x !== null && x !== undefined);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

function selfTest() {
  let failures = 0;
  const close = (name, got, want) => {
    const ok = want === null ? got === null : got !== null && Math.abs(got - want) < 1e-9;
    if (!ok) failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: got ${got}, want ${want}`);
  };

  // Example 1: judgments a=2, b=1, c=1; ranking [x, a, c, y].
  //   DCG  = 3/log2(3) + 1/log2(4) = 1.892789 + 0.5 = 2.392789
  //   IDCG = 3/log2(2) + 1/log2(3) + 1/log2(4) = 3 + 0.630930 + 0.5 = 4.130930 -> 0.579237
  //   MRR = 1/2 (first relevant at rank 2); Recall = 2/3.
  const j1 = { a: 2, b: 1, c: 1 };
  const r1 = ['x', 'a', 'c', 'y'];
  const dcg1 = 3 / Math.log2(3) + 1 / 2;
  const idcg1 = 3 + 1 / Math.log2(3) + 1 / 2;
  close('nDCG example 1', ndcgAtK(r1, j1), dcg1 / idcg1);
  close('nDCG example 1 (numeric)', ndcgAtK(r1, j1), 0.5792374606819809);
  close('MRR example 1', mrrAtK(r1, j1), 0.5);
  close('Recall example 1', recallAtK(r1, j1), 2 / 3);

  // Example 2: perfect ranking -> 1, 1, 1.
  close('nDCG perfect', ndcgAtK(['a', 'b', 'c'], j1), 1);
  close('MRR perfect', mrrAtK(['a', 'b', 'c'], j1), 1);
  close('Recall perfect', recallAtK(['a', 'b', 'c'], j1), 1);

  // Example 3: the only relevant ticket at rank 11 is outside the cut -> 0, 0, 0.
  const r3 = [...Array.from({ length: 10 }, (_, i) => `n${i}`), 'a'];
  close('nDCG beyond k', ndcgAtK(r3, { a: 2 }), 0);
  close('MRR beyond k', mrrAtK(r3, { a: 2 }), 0);
  close('Recall beyond k', recallAtK(r3, { a: 2 }), 0);

  // Example 4: single grade-1 ticket at rank 3: nDCG = (1/log2 4) / (1/log2 2) = 0.5; MRR 1/3.
  close('nDCG rank 3', ndcgAtK(['x', 'y', 'b'], { b: 1 }), 0.5);
  close('MRR rank 3', mrrAtK(['x', 'y', 'b'], { b: 1 }), 1 / 3);

  // Example 5: ideal is cut at k: 12 grade-2 tickets, all of the top 10 relevant -> nDCG 1,
  // but Recall 10/12.
  const j5 = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`r${i}`, 2]));
  const r5 = Array.from({ length: 10 }, (_, i) => `r${i + 2}`);
  close('nDCG ideal cut at k', ndcgAtK(r5, j5), 1);
  close('Recall 10 of 12', recallAtK(r5, j5), 10 / 12);

  // Example 6: no judgments (no-answer query) -> metrics undefined (null), excluded from means.
  const e6 = evaluate(['a'], {});
  close('no-answer nDCG', e6.ndcg, null);
  close('no-answer MRR', e6.mrr, null);
  close('no-answer Recall', e6.recall, null);
  close('mean skips null', mean([1, null, 0]), 0.5);

  // Example 7: only unjudged ids retrieved -> 0.
  close('nDCG nothing relevant retrieved', ndcgAtK(['x', 'y'], { a: 1 }), 0);

  console.log(failures ? `${failures} failure(s)` : 'all metric self-tests passed');
  process.exitCode = failures ? 1 : 0;
}

import { fileURLToPath } from 'node:url';
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--self-test')) {
  selfTest();
}
