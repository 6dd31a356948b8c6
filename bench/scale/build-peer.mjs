#!/usr/bin/env node
// Build one peer engine's static index, in its own process, for bench/scale.mjs:
//
//   node bench/scale/build-peer.mjs ENGINE TICKETS.jsonl SITE_DIR
//
// ENGINE is minisearch, flexsearch or pagefind; TICKETS.jsonl is `ticketsearch export` output.
// scale.mjs runs this under `/usr/bin/time -f '%e %M'`, so the wall time and peak RSS it reports
// cover the whole process: Node start-up, reading the JSONL, indexing and writing the files.
// What is written (the index files that a static host would serve), with the configuration of
// the relevance adapters in bench/peers/ (same tokenizer, fields, options):
//   minisearch  SITE_DIR/index/minisearch.json = JSON.stringify(index), with `title` added to
//               the stored fields (product, subcategory) so that results can show it.
//   flexsearch  SITE_DIR/index/<key>.json for every Document.export() chunk, with `title`
//               stored (store: ['title']), and SITE_DIR/index/flexsearch.json = {keys}.
//   pagefind    SITE_DIR/pagefind/: createIndex → addCustomRecord (zh-cn) → writeFiles.
// Prints one JSON line on stdout: phase times, this process's peak RSS and (Pagefind) the peak
// RSS of the indexing service it spawned, which GNU time's %M never sees (Node does not wait for
// that process, so its usage is not reported to GNU time).
import { createReadStream, mkdirSync, readFileSync, readdirSync, writeFileSync, openSync,
  writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [engine, ticketsFile, siteDir] = process.argv.slice(2);
if (!engine || !ticketsFile || !siteDir) {
  console.error('usage: node bench/scale/build-peer.mjs minisearch|flexsearch|pagefind TICKETS.jsonl SITE_DIR');
  process.exit(2);
}

/** Tickets from JSONL, line by line (the 100k-ticket export is ~200 MB). */
async function readTickets(file) {
  const out = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    try { out.push(JSON.parse(line)); } catch (e) { throw new Error(`${file}:${n}: ${e.message}`); }
  }
  return out;
}

/**
 * Write JSON.stringify(value) to `file` piece by piece: the same bytes, but no single string of
 * the whole index (V8 strings stop at ~512 MiB). Arrays and plain objects at the top two levels
 * are streamed; deeper values are stringified whole.
 */
function writeJsonFile(file, value) {
  const fd = openSync(file, 'w');
  let buf = '';
  const put = (s) => { buf += s; if (buf.length > 1 << 20) { writeSync(fd, buf); buf = ''; } };
  const emit = (v, depth) => {
    if (v && typeof v.toJSON === 'function') v = v.toJSON();
    if (depth >= 2 || v === null || typeof v !== 'object') { put(JSON.stringify(v) ?? 'null'); return; }
    if (Array.isArray(v)) {
      put('[');
      v.forEach((x, i) => { if (i) put(','); emit(x === undefined ? null : x, depth + 1); });
      put(']');
      return;
    }
    put('{');
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || typeof x === 'function') continue;
      put(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      emit(x, depth + 1);
    }
    put('}');
  };
  try {
    emit(value, 0);
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

/** Peak RSS (VmHWM, KiB) of this process's child processes, read from /proc (Linux). */
function childPeaksKiB() {
  const peaks = {};
  try {
    for (const tid of readdirSync(`/proc/${process.pid}/task`)) {
      const kids = readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8').trim();
      for (const pid of kids ? kids.split(/\s+/) : []) {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const name = /^Name:\s*(.*)$/m.exec(status)?.[1];
        const hwm = /^VmHWM:\s*(\d+) kB$/m.exec(status)?.[1];
        if (hwm) peaks[`${name}[${pid}]`] = Number(hwm);
      }
    }
  } catch { /* no /proc: leave it empty */ }
  return peaks;
}

const t0 = performance.now();
const tickets = await readTickets(ticketsFile);
const t1 = performance.now();
let t2 = t1;
let children = {};
const indexDir = join(siteDir, 'index');

switch (engine) {
  case 'minisearch': {
    const { default: MiniSearch } = await import('minisearch');
    const { OPTIONS, toDocument } = await import('../peers/minisearch.mjs');
    const ms = new MiniSearch({ ...OPTIONS, storeFields: [...OPTIONS.storeFields, 'title'] });
    ms.addAll(tickets.map(toDocument));
    t2 = performance.now();
    mkdirSync(indexDir, { recursive: true });
    writeJsonFile(join(indexDir, 'minisearch.json'), ms);
    break;
  }
  case 'flexsearch': {
    const { Document } = await import('flexsearch');
    const { documentOptions, toDocument } = await import('../peers/flexsearch.mjs');
    const doc = new Document(documentOptions({ store: ['title'] }));
    for (const t of tickets) doc.add(toDocument(t));
    t2 = performance.now();
    mkdirSync(indexDir, { recursive: true });
    const keys = [];
    await doc.export((key, data) => {
      if (data === undefined || data === null) return;
      writeFileSync(join(indexDir, `${key}.json`), data);
      keys.push(key);
    });
    writeFileSync(join(indexDir, 'flexsearch.json'), JSON.stringify({ keys }));
    break;
  }
  case 'pagefind': {
    const pagefind = await import('pagefind');
    const { writeBundle } = await import('../peers/pagefind.mjs');
    // Pagefind indexes in a service process; its records are sent as they are added and the
    // index is built and written in writeFiles, so there is no separate "write" phase here.
    await writeBundle(tickets, join(siteDir, 'pagefind'));
    t2 = performance.now();
    children = childPeaksKiB();
    await pagefind.close();
    break;
  }
  default:
    console.error(`unknown engine ${engine}`);
    process.exit(2);
}
const t3 = performance.now();
console.log(JSON.stringify({
  engine,
  tickets: tickets.length,
  readMs: t1 - t0,
  indexMs: t2 - t1,
  writeMs: t3 - t2,
  maxRssKiB: process.resourceUsage().maxRSS,
  childPeakRssKiB: children,
}));
