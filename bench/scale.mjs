#!/usr/bin/env node
// ticketsearch and its peers side by side as the corpus grows: the same tickets and the same
// queries for ticketsearch, Pagefind, MiniSearch and FlexSearch, one corpus size at a time.
//
//   node bench/scale.mjs --corpus /tmp/gc/t1000.md [--corpus /tmp/gc/t10000.md …] \
//        [--out scale.json] [--md scale.md] [--bin target/release/ticketsearch] \
//        [--engines ticketsearch,minisearch,flexsearch,pagefind] [--cold-runs 5] [--rounds 10] \
//        [--step-timeout 600] [--max-build-rss-gib 16] [--no-relevance] [--keep]
//
// Per corpus and engine:
// - build: wall time and peak RSS of building the index in a child process under GNU time
//   (`/usr/bin/time -f '%e %M'`). ticketsearch: `<bin> build CORPUS --out DIR --redact`. Peers:
//   `node bench/scale/build-peer.mjs ENGINE TICKETS.jsonl DIR`, which reads the tickets exported
//   by `<bin> export --redact CORPUS` (the very texts ticketsearch indexes) and writes the
//   engine's index files as a static site, configured as the relevance adapters in bench/peers/.
//   Pagefind indexes in a service process that Node does not wait for, so GNU time's %M never
//   sees it; the build child reports that process's peak RSS (VmHWM) and we add it to Node's.
// - index bytes: raw and gzip -9 (each file alone) of the index files; the page's runtime
//   (wasm/JS/CSS/HTML) separately.
// - cold: headless Chromium, a new context (empty cache, cache disabled), the site served from
//   127.0.0.1 with gzip. Time from navigation (performance.timeOrigin) to the first `.hit` of
//   `#q=证书` entering the DOM, with its title (a MutationObserver, open shadow roots included,
//   injected before the page runs); bytes: encoded bytes of the requests started before that
//   moment (CDP Network.loadingFinished encodedDataLength for the page's requests; Pagefind's web
//   worker fetches its index, which the page's CDP session does not see, so those come from
//   Playwright's request sizes, i.e. the worker's own CDP session). Median of --cold-runs.
//   Peers: a bare page (index.html + bench/scale/page.mjs: load the index, search, render the
//   10 titles as `.hit`) served by bench/scale/serve.mjs (gzip once at start-up, keep-alive).
//   ticketsearch twice, in fresh browsers: (1) its real UI page (the site's index.html), served
//   by `<bin> serve` (gzip per request, Connection: close), which is what users get; (2) the
//   like-for-like figure: the same bare page (/bare.html + /lib/page.mjs, written into the built
//   site after its sizes are taken) calling the site's public JS API, `import { open } from
//   './ticketsearch.js'` → open() → search('证书', {limit: 10}), served by bench/scale/serve.mjs
//   from the same site directory. The ratios use (2).
// - warm: in a new browser, a page that has shown that first result; the engine's search call
//   yielding the top 10 with titles (ticketsearch: the JS API, open() → search(q, {limit: 10});
//   peers: window.__bench.search of bench/scale/page.mjs) for the keystrokes 证, 证书, 证书 处,
//   证书 处理中 and the first 40 judged queries of tests/relevance/queries.json: a first pass
//   (reported apart: it loads what the queries need), then --rounds timed rounds; median and
//   p95 over all of them.
// - memory: after those searches and a forced GC, CDP Performance.getMetrics JSHeapUsedSize
//   (main thread only); also the renderer process's RSS, which covers workers and wasm memory.
// A step that fails or takes longer than --step-timeout is recorded as "not measurable: reason"
// and the run goes on; so is a build whose process tree exceeds --max-build-rss-gib.
// Plus, once: bench/relevance.mjs on the 114-ticket sample for these four engines.
// Every number goes to --out (JSON; ticketsearch's bare-page cold runs are its `coldBarePage`)
// with the machine's facts; --md gets the tables and the ratios ticketsearch / peer, which are
// what to read on a busy 2-core machine.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync,
  readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sizeOfDir } from './peers/common.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const ALL_ENGINES = ['ticketsearch', 'pagefind', 'minisearch', 'flexsearch'];
const LABELS = {
  ticketsearch: 'ticketsearch (its UI page)', pagefind: 'Pagefind 1.6.0 (custom records, zh-cn)',
  minisearch: 'MiniSearch 7.2.0 (bigrams)', flexsearch: 'FlexSearch 0.8.212 (Charset.CJK)',
};
const BARE_LABEL = 'ticketsearch (bare page)';
const BARE_PAGE = 'bare.html'; // ticketsearch's bare page, at the root of its built site
const COLD_QUERY = '证书';
const KEYSTROKES = ['证', '证书', '证书 处', '证书 处理中'];
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--disable-sync'];
const SETTLE_MS = 1000; // after the first result, to let trailing requests finish (totals only)

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', multiple: true },
    out: { type: 'string' },
    md: { type: 'string' },
    bin: { type: 'string', default: 'target/release/ticketsearch' },
    engines: { type: 'string', default: ALL_ENGINES.join(',') },
    'cold-runs': { type: 'string', default: '5' },
    rounds: { type: 'string', default: '10' },
    'step-timeout': { type: 'string', default: '600' },
    'max-build-rss-gib': { type: 'string', default: String(Math.min(16, Math.floor(os.totalmem() / 2 ** 30 * 0.7))) },
    queries: { type: 'string', default: join(ROOT, 'tests/relevance/queries.json') },
    sample: { type: 'string', default: join(ROOT, 'data/sample') },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    'no-relevance': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help || !args.corpus?.length) {
  console.error('usage: node bench/scale.mjs --corpus FILE [--corpus FILE…] [--out JSON] [--md MD] ' +
    '[--bin PATH] [--engines ' + ALL_ENGINES.join(',') + '] [--cold-runs N] [--rounds N] ' +
    '[--step-timeout S] [--max-build-rss-gib G] [--no-relevance] [--keep]');
  process.exit(args.help ? 0 : 2);
}
const engines = args.engines.split(',').map((s) => s.trim()).filter(Boolean);
for (const e of engines) if (!ALL_ENGINES.includes(e)) fail(`unknown engine ${e}`);
const BIN = resolve(args.bin);
const COLD_RUNS = Math.max(1, Number(args['cold-runs']));
const ROUNDS = Math.max(1, Number(args.rounds));
const STEP_MS = Number(args['step-timeout']) * 1000;
const MAX_BUILD_RSS_KIB = Number(args['max-build-rss-gib']) * 2 ** 20;
const COMMAND = ['node', 'bench/scale.mjs', ...process.argv.slice(2)]
  .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');

function fail(message) {
  console.error(`scale.mjs: error: ${message}`);
  process.exit(1);
}
const log = (msg) => process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

// ---------- clean-up: servers, builds and temp dirs go away on exit, errors and signals ----------
const children = new Set();
let tmp = null;
process.on('exit', () => {
  for (const c of children) {
    try { c.detached ? process.kill(-c.pid, 'SIGKILL') : c.kill('SIGKILL'); } catch { /* gone */ }
  }
  if (tmp && !args.keep) rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(130));

/** spawn() that is killed on exit; `detached` children get their whole process group killed. */
function track(child, detached = false) {
  const entry = { pid: child.pid, detached, kill: (s) => child.kill(s) };
  children.add(entry);
  child.on('exit', () => children.delete(entry));
  return child;
}

// ---------- preconditions: fail early with a clear message ----------
async function run(cmd, argv, opts = {}) {
  return new Promise((res) => {
    const c = spawn(cmd, argv, { stdio: ['ignore', opts.stdout ?? 'pipe', 'pipe'] });
    if (typeof opts.stdout === 'number') closeSync(opts.stdout);
    let out = '';
    let err = '';
    c.stdout?.on('data', (d) => { out += d; });
    c.stderr.on('data', (d) => { err += d; if (err.length > 1e6) err = err.slice(-5e5); });
    c.on('error', (e) => res({ code: -1, out, err: e.message }));
    c.on('close', (code) => res({ code, out, err }));
  });
}
{
  const t = await run('/usr/bin/time', ['-f', '%e %M', 'true']);
  if (t.code !== 0 || !/^\d+\.\d+ \d+\s*$/m.test(t.err)) {
    fail('GNU time is needed at /usr/bin/time to measure builds (wall time and peak RSS): ' +
      'apt-get install -y time');
  }
  if (!existsSync(BIN)) fail(`ticketsearch binary ${BIN} does not exist (pass --bin PATH)`);
  if (!existsSync(args.chromium)) fail(`Chromium not found at ${args.chromium} (pass --chromium PATH)`);
  for (const c of args.corpus) if (!existsSync(c)) fail(`corpus ${c} does not exist`);
}

// ---------- small helpers ----------
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const loadavg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

class NotMeasurable extends Error {}

/** Race a promise against the step budget; `onTimeout` may release what the step holds. */
async function withTimeout(promise, ms, what, onTimeout) {
  let timer;
  const timeout = new Promise((_, rej) => {
    timer = setTimeout(() => rej(new NotMeasurable(`${what} took more than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (e) {
    if (e instanceof NotMeasurable) await onTimeout?.();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Run one step; a failure is recorded as {error} ("not measurable: reason") and logged loudly. */
const problems = [];
async function step(where, fn) {
  try {
    return await fn();
  } catch (e) {
    const reason = (e?.message ?? String(e)).split('\n')[0].slice(0, 300);
    log(`NOT MEASURABLE: ${where}: ${reason}`);
    problems.push(`${where}: ${reason}`);
    return { error: reason };
  }
}

const freePort = () => new Promise((res, rej) => {
  const s = createServer().on('error', rej).listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => res(port));
  });
});
const canConnect = (port) => new Promise((res) => {
  const s = connect(port, '127.0.0.1', () => { s.destroy(); res(true); }).on('error', () => res(false));
});

/** Summed RSS (KiB) of a process and all its descendants, from /proc. */
function treeRssKiB(pid) {
  let total = 0;
  const visit = (p) => {
    try {
      total += Number(/^VmRSS:\s*(\d+) kB$/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        for (const k of kids ? kids.split(/\s+/) : []) visit(k);
      }
    } catch { /* exited meanwhile */ }
  };
  visit(pid);
  return total;
}

/**
 * Run argv under `/usr/bin/time -f '%e %M'` in its own process group (so that a timeout kills
 * the whole tree); stdout/stderr go to files. The tree's summed RSS is sampled every 100 ms: over
 * --max-build-rss-gib the build is killed (so that it cannot push the machine, which others
 * use, into the OOM killer). Returns {seconds, maxRssKiB, treePeakRssKiB, stdout, stderr}.
 */
async function timedBuild(argv, dir, name, timeoutMs) {
  const file = (ext) => join(dir, `${name}.${ext}`);
  const files = { out: file('stdout'), err: file('stderr'), time: file('time') };
  const fds = [openSync(files.out, 'w'), openSync(files.err, 'w')];
  const child = track(spawn('/usr/bin/time', ['-f', '%e %M', '-o', files.time, ...argv],
    { detached: true, stdio: ['ignore', fds[0], fds[1]] }), true);
  fds.forEach(closeSync);
  let timedOut = false;
  let tooBig = false;
  let treePeakRssKiB = 0;
  const killTree = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
  const timer = setTimeout(() => { timedOut = true; killTree(); }, timeoutMs);
  const sampler = setInterval(() => {
    treePeakRssKiB = Math.max(treePeakRssKiB, treeRssKiB(child.pid));
    if (treePeakRssKiB > MAX_BUILD_RSS_KIB && !tooBig) { tooBig = true; killTree(); }
  }, 100);
  const code = await new Promise((res) => child.on('close', res));
  clearTimeout(timer);
  clearInterval(sampler);
  if (timedOut) throw new NotMeasurable(`build took more than ${timeoutMs / 1000} s (killed)`);
  if (tooBig) {
    throw new NotMeasurable(`build needed more than ${args['max-build-rss-gib']} GiB RSS ` +
      '(killed, to protect the shared machine; raise --max-build-rss-gib)');
  }
  const stderrTail = readFileSync(files.err, 'utf8').trim().split('\n').slice(-3).join(' | ');
  if (code !== 0) throw new Error(`build exited with ${code}: ${stderrTail}`);
  const m = /(\d+(?:\.\d+)?) (\d+)\s*$/.exec(readFileSync(files.time, 'utf8'));
  if (!m) throw new Error(`cannot read GNU time's output in ${files.time}`);
  return { seconds: Number(m[1]), maxRssKiB: Number(m[2]), treePeakRssKiB, stdout: readFileSync(files.out, 'utf8'),
    stderr: readFileSync(files.err, 'utf8') };
}

// ---------- the queries ----------
const allQueries = JSON.parse(readFileSync(args.queries, 'utf8')).queries;
const REALISTIC = allQueries.filter((q) => Object.keys(q.judgments ?? {}).length > 0)
  .slice(0, 40).map((q) => q.query);
if (REALISTIC.length < 40) fail(`${args.queries} has only ${REALISTIC.length} judged queries, 40 needed`);
const WARM_QUERIES = [...KEYSTROKES, ...REALISTIC];

// ---------- peer sites: page, engine build and adapters copied next to the index ----------
const VENDOR = {
  minisearch: { file: 'lib/vendor/minisearch.js', from: fileURLToPath(import.meta.resolve('minisearch')) },
  flexsearch: { file: 'lib/vendor/flexsearch.mjs', from: fileURLToPath(import.meta.resolve('flexsearch')) },
};

/**
 * The bare benchmark page of a site: `html` (index.html for the peers, BARE_PAGE beside
 * ticketsearch's own index.html) + lib/ (bench/scale/page.mjs and what it imports).
 */
function writeBarePage(engine, site, html = 'index.html') {
  for (const p of [html, 'lib']) {
    if (existsSync(join(site, p))) throw new Error(`${join(site, p)} exists already: not overwriting the site's own file`);
  }
  mkdirSync(join(site, 'lib'), { recursive: true });
  cpSync(join(BENCH, 'scale/page.mjs'), join(site, 'lib/page.mjs'));
  const imports = {};
  if (VENDOR[engine]) {
    mkdirSync(join(site, 'lib/peers'), { recursive: true });
    cpSync(VENDOR[engine].from, join(site, VENDOR[engine].file));
    cpSync(join(BENCH, 'scale/node-stub.mjs'), join(site, 'lib/node-stub.mjs'));
    cpSync(join(BENCH, 'peers/common.mjs'), join(site, 'lib/peers/common.mjs'));
    cpSync(join(BENCH, `peers/${engine}.mjs`), join(site, `lib/peers/${engine}.mjs`));
    imports[engine] = `/${VENDOR[engine].file}`;
    for (const m of ['node:zlib', 'node:fs', 'node:path']) imports[m] = '/lib/node-stub.mjs';
  }
  writeFileSync(join(site, html), '<!doctype html>\n' +
    `<html lang="zh-cn" data-engine="${engine}"><head><meta charset="utf-8"><title>${engine}</title>\n` +
    (Object.keys(imports).length ? `<script type="importmap">${JSON.stringify({ imports })}</script>\n` : '') +
    '<script type="module" src="/lib/page.mjs"></script>\n</head><body><ul id="hits"></ul></body></html>\n');
}

/** Which files of a site are index data, and which are the page's runtime. */
function isIndexFile(engine, rel) {
  if (engine === 'ticketsearch') return rel.startsWith('index/') || rel.startsWith('tickets/');
  if (engine === 'pagefind') return /^pagefind\/(.*\.pf_(meta|index|filter|fragment)|pagefind-entry\.json)$/.test(rel);
  return rel.startsWith('index/');
}
function isRuntimeFile(engine, rel) {
  if (engine === 'pagefind') {
    // The search API only (pagefind.js loads the worker and the wasm); the bundled UI files
    // (pagefind-ui.js, component UI, highlight) are written but not used by this page.
    return rel === 'index.html' || rel.startsWith('lib/') ||
      /^pagefind\/(pagefind\.js|pagefind-worker\.js|wasm\.[^/]*\.pagefind)$/.test(rel);
  }
  // ticketsearch: its page's files (its bare benchmark page, if already written, is not).
  if (engine === 'ticketsearch' && (rel === BARE_PAGE || rel.startsWith('lib/'))) return false;
  return !isIndexFile(engine, rel);
}

function siteSizes(engine, site) {
  const index = sizeOfDir(site, (rel) => isIndexFile(engine, rel));
  const runtime = sizeOfDir(site, (rel) => isRuntimeFile(engine, rel));
  const out = { index, runtime };
  if (engine === 'ticketsearch') {
    out.indexDir = sizeOfDir(site, (rel) => rel.startsWith('index/'));
    out.ticketsDir = sizeOfDir(site, (rel) => rel.startsWith('tickets/'));
  }
  return out;
}

// ---------- serving ----------
/**
 * Start a server for the site; returns {url, stop}. `ticketsearch serve` for ticketsearch's UI
 * page (how = 'ticketsearch'), bench/scale/serve.mjs otherwise (the peers, ticketsearch's bare
 * page).
 */
async function serve(site, how) {
  if (how === 'ticketsearch') {
    const port = await freePort();
    const child = track(spawn(BIN, ['serve', site, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] }));
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    for (let i = 0; i < 200 && !(await canConnect(port)); i++) {
      if (child.exitCode !== null) throw new Error(`ticketsearch serve exited: ${err.trim()}`);
      await sleep(50);
    }
    if (!(await canConnect(port))) throw new Error(`ticketsearch serve not listening on ${port}: ${err.trim()}`);
    return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGKILL') };
  }
  const child = track(spawn(process.execPath, [join(BENCH, 'scale/serve.mjs'), site],
    { stdio: ['pipe', 'pipe', 'pipe'] }));
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const port = await withTimeout(new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) res(JSON.parse(line).port);
    });
    child.on('exit', (code) => rej(new Error(`serve.mjs exited with ${code}: ${err.trim()}`)));
  }), STEP_MS, 'starting the static server (it gzips the site first)', () => child.kill('SIGKILL'));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGKILL') };
}

// ---------- in the browser ----------
// Injected before any page script: records when the first `.hit` (with its title) enters the
// DOM, including open shadow roots (ticketsearch's UI is a custom element with one), and keeps
// the wasm memories instantiated on the main thread so their size can be read.
const INIT_SCRIPT = `(() => {
  const hitIn = (n) => n.nodeType === 1 && (n.matches('.hit') ? n : n.querySelector('.hit'));
  const observer = new MutationObserver((records) => {
    if (window.__firstHit) return;
    for (const r of records) for (const n of r.addedNodes) {
      const hit = hitIn(n);
      if (hit) {
        const title = (hit.querySelector('.hit-title') ?? hit).textContent.trim();
        window.__firstHit = { ms: performance.now(), title };
        observer.disconnect();
        return;
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    if (!window.__firstHit) observer.observe(root, { childList: true, subtree: true });
    return root;
  };
  const memories = new Set();
  const keep = (instance) => {
    for (const v of Object.values(instance?.exports ?? {})) if (v instanceof WebAssembly.Memory) memories.add(v);
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const f = WebAssembly[name];
    WebAssembly[name] = async function (...a) { const r = await f.apply(this, a); keep(r.instance ?? r); return r; };
  }
  window.__wasmBytes = () => [...memories].reduce((s, m) => s + m.buffer.byteLength, 0);
})();`;

const coldUrl = (base) => `${base}#q=${encodeURIComponent(COLD_QUERY)}`;

/** Wait for the first hit (or the page's error); returns {ms, title}. */
async function firstHit(page, timeoutMs) {
  const h = await page.waitForFunction(() => window.__firstHit ||
    (document.body?.dataset.error ? { error: document.body.dataset.error } : null),
  null, { timeout: timeoutMs, polling: 20 });
  const hit = await h.jsonValue();
  if (hit.error) throw new Error(`the page failed: ${hit.error.split('\n')[0]}`);
  if (!hit.title) throw new Error('the first hit has no title');
  return hit;
}

/** One cold load: fresh context, cache disabled. */
async function coldRun(browser, base, timeoutMs) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const cdpReqs = new Map(); // requestId → {url, start (epoch ms), bytes}
    cdp.on('Network.requestWillBeSent', (e) => {
      if (cdpReqs.has(e.requestId)) return; // a redirect: same request
      cdpReqs.set(e.requestId, { url: e.request.url, start: e.wallTime * 1000, bytes: 0 });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = cdpReqs.get(e.requestId);
      if (r) r.bytes = e.encodedDataLength;
    });
    // Playwright also sees the requests of the page's workers (from their own CDP sessions).
    const pwReqs = [];
    const pending = [];
    context.on('requestfinished', (req) => pending.push((async () => {
      const s = await req.sizes();
      let body = s.responseBodySize;
      // A worker's own script comes with a body size of 0; its Content-Length is the encoded size.
      if (!body) body = Number((await req.response())?.headers()['content-length'] ?? 0);
      pwReqs.push({ url: req.url(), start: req.timing().startTime, bytes: body + s.responseHeadersSize });
    })().catch(() => {})));

    await page.goto(coldUrl(base), { timeout: timeoutMs });
    const hit = await firstHit(page, timeoutMs);
    const timeOrigin = await page.evaluate(() => performance.timeOrigin);
    await sleep(SETTLE_MS);
    await Promise.all(pending);
    const hitAt = timeOrigin + hit.ms;

    // The page's requests from CDP; the rest (workers') from Playwright, matched by URL.
    const key = (url) => url.split('#')[0];
    const seen = new Map();
    for (const r of cdpReqs.values()) seen.set(key(r.url), (seen.get(key(r.url)) ?? 0) + 1);
    const workerReqs = pwReqs.filter((r) => {
      const n = seen.get(key(r.url)) ?? 0;
      if (n > 0) { seen.set(key(r.url), n - 1); return false; }
      return true;
    });
    const all = [...cdpReqs.values(), ...workerReqs];
    const before = all.filter((r) => r.start <= hitAt);
    return {
      ms: hit.ms,
      title: hit.title,
      bytesBefore: before.reduce((s, r) => s + r.bytes, 0),
      requestsBefore: before.length,
      bytesTotal: all.reduce((s, r) => s + r.bytes, 0),
      requestsTotal: all.length,
      workerRequests: workerReqs.length,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * In the page: the engine's search call, top 10 with titles. A first pass over the queries
 * (loads what they need; timed separately), then `rounds` timed rounds until the budget ends.
 */
async function warmInPage({ engine, queries, rounds, budgetMs }) {
  let run;
  if (engine === 'ticketsearch') {
    const { open } = await import('./ticketsearch.js');
    const ts = await open();
    run = async (q) => (await ts.search(q, { limit: 10 })).hits.slice(0, 10).map((h) => h.title);
  } else {
    await window.__bench.ready;
    run = async (q) => (await window.__bench.search(q)).map((h) => h.title);
  }
  const deadline = performance.now() + budgetMs;
  const first = [];
  const hits = {};
  for (const q of queries) {
    const t = performance.now();
    const titles = await run(q);
    first.push(performance.now() - t);
    hits[q] = titles.length;
    if (titles.some((x) => !x)) throw new Error(`a hit of ${q} has no title`);
  }
  const times = queries.map(() => []);
  let completed = 0;
  while (completed < rounds && performance.now() < deadline) {
    for (let i = 0; i < queries.length; i++) {
      const t = performance.now();
      await run(queries[i]);
      times[i].push(performance.now() - t);
    }
    completed++;
  }
  return { first, times, completed, hits };
}

/** RSS of the browser's renderer processes (/proc), the page's being the largest. */
async function rendererRss(browser) {
  const s = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await s.send('SystemInfo.getProcessInfo');
    const rss = processInfo.filter((p) => p.type === 'renderer').map((p) => {
      try {
        return Number(/^VmRSS:\s*(\d+) kB$/m.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))[1]);
      } catch { return 0; }
    });
    return { maxKiB: Math.max(0, ...rss), allKiB: rss };
  } finally {
    await s.detach().catch(() => {});
  }
}

/** --cold-runs cold loads of `base` (fresh contexts of one browser) and their medians. */
async function coldRuns(browser, base) {
  const runs = [];
  for (let i = 0; i < COLD_RUNS; i++) runs.push(await coldRun(browser, base, STEP_MS));
  return {
    runs,
    ms: median(runs.map((r) => r.ms)),
    bytesBefore: median(runs.map((r) => r.bytesBefore)),
    requestsBefore: median(runs.map((r) => r.requestsBefore)),
    bytesTotal: median(runs.map((r) => r.bytesTotal)),
    title: runs[0].title,
  };
}

/**
 * A measurement's server and browser, closed together by release() — at the end, or by a
 * step's timeout (which then finds `browser` null and skips what would need it).
 */
class Session {
  server = null;
  browser = null;
  release = async () => {
    await this.browser?.close().catch(() => {});
    this.browser = null;
    this.server?.stop();
    this.server = null;
  };
}

/**
 * ticketsearch's like-for-like cold figure: its bare page (BARE_PAGE + lib/page.mjs, written
 * into the built site now, after its sizes were taken) served by bench/scale/serve.mjs, as the
 * peers' pages are, in a fresh browser. Cold runs only: build, index, warm and memory are those
 * of the site and of its UI page.
 */
async function measureBareCold(site, where, result) {
  const s = new Session();
  log(`${where}: cold ×${COLD_RUNS} (bare page, bench/scale/serve.mjs)`);
  result.coldBarePage = await step(`${where} cold (bare page)`, async () => {
    const loadavgAtStart = loadavg();
    try {
      writeBarePage('ticketsearch', site, BARE_PAGE);
      s.server = await serve(site, 'static');
      s.browser = await chromium.launch({ executablePath: args.chromium, args: LAUNCH_ARGS });
      const cold = await withTimeout(coldRuns(s.browser, s.server.url + BARE_PAGE), STEP_MS,
        'cold runs (bare page)', s.release);
      if (result.cold?.title && cold.title !== result.cold.title) {
        log(`${where}: note: the bare page's first hit is "${cold.title}", the UI page's "${result.cold.title}"`);
      }
      return { page: `/${BARE_PAGE} + /lib/page.mjs`, server: 'bench/scale/serve.mjs', loadavgAtStart, ...cold };
    } finally {
      await s.release();
    }
  });
}

/** Cold runs, then warm latency and memory in one page; one browser per engine and size. */
async function measureBrowser(engine, site, where, result) {
  const s = new Session();
  try {
    s.server = await serve(site, engine === 'ticketsearch' ? 'ticketsearch' : 'static');
    const launch = async () => {
      s.browser = await chromium.launch({ executablePath: args.chromium, args: LAUNCH_ARGS });
      result.chromium ??= s.browser.version();
      return s.browser;
    };
    let b = await launch();

    log(`${where}: cold ×${COLD_RUNS}${engine === 'ticketsearch' ? ' (its UI page, `ticketsearch serve`)' : ''}`);
    result.cold = await step(`${where} cold`, () => withTimeout(coldRuns(b, s.server.url), STEP_MS,
      'cold runs', s.release));
    if (!s.browser) {
      result.warm = { error: 'skipped: the cold runs timed out' };
      result.memory = { error: 'skipped: the cold runs timed out' };
      return;
    }
    // A new browser for the warm page, so that its renderer is the only big one (renderer RSS).
    await s.browser.close();
    b = await launch();

    log(`${where}: warm latency (${WARM_QUERIES.length} queries × ${ROUNDS} rounds) and memory`);
    const context = await s.browser.newContext();
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    const warm = await step(`${where} warm`, () => withTimeout((async () => {
      await page.goto(coldUrl(s.server.url), { timeout: STEP_MS });
      await firstHit(page, STEP_MS);
      const t0 = Date.now();
      const r = await page.evaluate(warmInPage, {
        engine, queries: WARM_QUERIES, rounds: ROUNDS, budgetMs: STEP_MS * 0.8,
      });
      if (r.completed === 0) throw new NotMeasurable('not one timed round fitted in the step budget');
      const all = r.times.flat();
      return {
        wallS: (Date.now() - t0) / 1000,
        rounds: r.completed,
        median: median(all),
        p95: p95(all),
        mean: all.reduce((x, y) => x + y, 0) / all.length,
        firstPassMedian: median(r.first),
        perQuery: Object.fromEntries(WARM_QUERIES.map((q, i) => [q, {
          median: median(r.times[i]), p95: p95(r.times[i]), first: r.first[i], hits: r.hits[q],
        }])),
        keystrokes: { median: median(r.times.slice(0, KEYSTROKES.length).flat()),
          p95: p95(r.times.slice(0, KEYSTROKES.length).flat()) },
        zeroHitQueries: WARM_QUERIES.filter((q) => r.hits[q] === 0),
      };
    })(), STEP_MS, 'warm latency', s.release));
    result.warm = warm;
    if (warm.error || !s.browser) { result.memory = { error: `no warm page (${warm.error})` }; return; }

    result.memory = await step(`${where} memory`, () => withTimeout((async () => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics'))
        .metrics.map((m) => [m.name, m.value]));
      const before = await metrics();
      await cdp.send('HeapProfiler.collectGarbage');
      const after = await metrics();
      return {
        jsHeapUsed: after.JSHeapUsedSize,
        jsHeapTotal: after.JSHeapTotalSize,
        jsHeapUsedBeforeGc: before.JSHeapUsedSize,
        wasmMainThread: await page.evaluate(() => window.__wasmBytes?.() ?? 0),
        workers: page.workers().length,
        renderer: await rendererRss(b),
      };
    })(), STEP_MS, 'memory', s.release));
  } finally {
    await s.release();
  }
}

// ---------- one engine on one corpus ----------
async function measureEngine(engine, corpus, size) {
  const where = `[${size.label}] ${engine}`;
  const dir = join(size.dir, engine);
  const site = join(dir, 'site');
  mkdirSync(dir, { recursive: true });
  const result = { engine, loadavgAtStart: loadavg() };

  log(`${where}: build`);
  result.build = await step(`${where} build`, async () => {
    if (engine === 'ticketsearch') {
      const b = await timedBuild([BIN, 'build', corpus, '--out', site, '--redact'], dir, 'build', STEP_MS);
      return { seconds: b.seconds, peakRssKiB: b.maxRssKiB, gnuTimeMaxRssKiB: b.maxRssKiB,
        treePeakRssKiBSampled: b.treePeakRssKiB,
        summary: /^wrote .*$/m.exec(b.stderr)?.[0] ?? null };
    }
    if (size.tickets.error) throw new Error(`no tickets: ${size.tickets.error}`);
    writeBarePage(engine, site);
    const b = await timedBuild([process.execPath, '--max-old-space-size=16384',
      join(BENCH, 'scale/build-peer.mjs'), engine, size.tickets.file, site], dir, 'build', STEP_MS);
    const info = JSON.parse(b.stdout.trim().split('\n').pop());
    const childPeaks = Object.values(info.childPeakRssKiB ?? {}).reduce((s, x) => s + x, 0);
    return {
      seconds: b.seconds,
      // GNU time's %M is the largest single process it waited for; Pagefind's service is not
      // among them, so add its peak to Node's (an upper bound of the two together).
      peakRssKiB: Math.max(b.maxRssKiB, info.maxRssKiB + childPeaks),
      gnuTimeMaxRssKiB: b.maxRssKiB,
      treePeakRssKiBSampled: b.treePeakRssKiB,
      child: info,
    };
  });
  if (result.build.error) {
    const why = 'the build failed';
    Object.assign(result, { size: { error: why }, cold: { error: why }, warm: { error: why }, memory: { error: why } });
    if (engine === 'ticketsearch') result.coldBarePage = { error: why };
    rmSync(dir, { recursive: true, force: true });
    return result;
  }

  log(`${where}: sizes`);
  result.size = await step(`${where} sizes`, async () => siteSizes(engine, site));
  await measureBrowser(engine, site, where, result);
  if (engine === 'ticketsearch') await measureBareCold(site, where, result);
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
  return result;
}

// ---------- notes of the report ----------
// What the numbers include, printed under the tables.
const NOTES = [
  'Corpora: `cargo xtask gen-corpus` recombines the 114 real tickets of the sample, so 10k and ' +
  '100k tickets repeat the same sentences far more than real archives do: gzip shrinks their ' +
  'ticket texts and indexes unusually well (ticketsearch\'s tickets/ 11:1 at 100k), which ' +
  'flatters every engine\'s gzip columns, most of all those that ship texts.',
  'Same tickets for all: ticketsearch builds from the Markdown archive with --redact; the peers ' +
  'index `ticketsearch export --redact` of it (JSONL), so every engine sees the same masked texts. ' +
  'The peers use the configuration of bench/peers/ (the relevance adapters): MiniSearch with the ' +
  'CJK bigram tokenizer and field boosts, FlexSearch Document with Charset.CJK, Pagefind custom ' +
  'records in zh-cn (no field weights).',
  'Build = the whole child process under GNU time: start-up, reading the input, indexing, writing ' +
  'the files. ticketsearch parses the Markdown itself; the peers start from the JSONL (Node ' +
  'start-up and JSON parsing included, the export not). Peers run with --max-old-space-size=16384. ' +
  'Build peak = GNU time %M, except Pagefind: its Node process + its indexing service (the Rust ' +
  'binary the Node API spawns, which GNU time does not see), peak RSS of both added. "Build tree ' +
  'peak (sampled)" = the largest summed RSS of the build\'s process tree seen every 100 ms (a ' +
  'cross-check; short peaks can fall between samples). A build over --max-build-rss-gib is ' +
  'killed and reported as not measurable.',
  'Index bytes, raw and gzip -9 of each file: ticketsearch = the site\'s index/ (term chunks, ' +
  'manifest) + tickets/ (all ticket texts, for snippets and the ticket view); Pagefind = its ' +
  'pf_meta/pf_index/pf_filter/pf_fragment files + pagefind-entry.json (fragments hold each page\'s ' +
  'text; Pagefind writes them gzip-compressed already); MiniSearch = JSON.stringify(index) with ' +
  'titles, products and subcategories stored, no ticket texts; FlexSearch = every export() chunk ' +
  '+ the key list, titles stored, no ticket texts. Runtime (More numbers) = what the page ships ' +
  'besides: ticketsearch\'s wasm, JS, CSS, HTML, icon; Pagefind\'s pagefind.js, worker and wasm; ' +
  'MiniSearch/FlexSearch\'s ESM build, the adapter and tokenizer of bench/peers/ and the page.',
  'Cold, peers: a bare page (index.html with an import map, bench/scale/page.mjs, a list; the 10 ' +
  'titles rendered as `.hit`), served by bench/scale/serve.mjs (gzip level 6 done once at ' +
  'start-up, keep-alive). Cold, ticketsearch, two rows: "ticketsearch (bare page)" is the like-' +
  'for-like figure, the same page.mjs and list (/bare.html + /lib/page.mjs, added to the built ' +
  'site after its sizes were taken) calling the site\'s public JS API (`import { open } from ' +
  '\'./ticketsearch.js\'`, open(), search(\'证书\', {limit: 10})), served by the same ' +
  'bench/scale/serve.mjs from the same site directory; the ratios use it. "ticketsearch (its UI ' +
  'page)" is what users get: the site\'s index.html (HTML, CSS, app JS, UI, wasm), served by ' +
  '`ticketsearch serve` (gzip level 6 per request, Connection: close). Its build, index, warm ' +
  'and memory figures are the site\'s and the UI page\'s; the bare row repeats the site\'s ' +
  '("same") and was not measured warm ("–"). ticketsearch\'s search() returns snippets, so ' +
  'on both pages the first result waits for the hits\' ticket fragments; Pagefind\'s data() ' +
  'fetches each hit\'s fragment too; MiniSearch and FlexSearch show stored titles only, but ' +
  'download the whole index before the first search.',
  'Bytes before the first result: the encoded (gzip) bytes + headers of every request started ' +
  'before the first `.hit` entered the DOM. Pagefind searches in a web worker: its requests are ' +
  'invisible to the page\'s CDP session and are taken from Playwright (the worker\'s CDP ' +
  'session; for the worker\'s own script, whose body size it reports as 0, the Content-Length).',
  'Warm: ticketsearch\'s time is the JS API search() (wasm, snippets included); Pagefind\'s is ' +
  'search() + data() of the top 10 (a round trip to its worker, fragments loaded or cached); ' +
  'MiniSearch/FlexSearch\'s is search() + the stored titles. The first pass over the queries ' +
  '(which loads index chunks and fragments for ticketsearch and Pagefind) is reported apart.',
  'Latency is read with performance.now(), which Chromium clamps to 0.1 ms (with jitter) on ' +
  'pages that are not cross-origin isolated: medians under ~0.5 ms are coarse, and their ratios ' +
  'too; the mean (More numbers) is not quantised.',
  'Browser JS heap = CDP Performance.getMetrics JSHeapUsedSize of the page after a forced GC. It ' +
  'counts the main thread\'s JS heap only: not wasm linear memory (where ticketsearch\'s index ' +
  'lives; see "wasm memory") and not Pagefind\'s worker (its JS heap and wasm), so it flatters ' +
  'ticketsearch and Pagefind against MiniSearch/FlexSearch, whose whole index is JS objects. ' +
  'Renderer RSS (the page\'s renderer process, workers and wasm included, plus Chromium\'s own ' +
  'baseline) is the comparable figure. ticketsearch\'s page holds two index handles: the UI\'s ' +
  'and the one the warm test opens through the JS API.',
];

// ---------- main ----------
const report = {
  command: COMMAND,
  generatedAt: new Date().toISOString(),
  machine: {
    cpuModel: os.cpus()[0]?.model, cpus: os.cpus().length, totalMemBytes: os.totalmem(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version, chromium: null,
  },
  loadavg: { start: loadavg(), end: null },
  settings: {
    bin: BIN, engines, coldRuns: COLD_RUNS, rounds: ROUNDS, stepTimeoutS: STEP_MS / 1000,
    maxBuildRssGiB: Number(args['max-build-rss-gib']),
    coldQuery: COLD_QUERY, keystrokes: KEYSTROKES, queries: REALISTIC, queriesFile: args.queries,
    settleMs: SETTLE_MS, launchArgs: LAUNCH_ARGS,
  },
  relevance: null,
  sizes: [],
  notMeasurable: problems,
};

tmp = mkdtempSync(join(os.tmpdir(), 'scale-'));
log(`temp dir ${tmp}; load average ${report.loadavg.start.join(' ')}`);

if (!args['no-relevance']) {
  log('relevance on the sample: export, build, bench/relevance.mjs');
  report.relevance = await step('relevance', async () => {
    const jsonl = join(tmp, 'sample.jsonl');
    const ex = await run(BIN, ['export', args.sample], { stdout: openSync(jsonl, 'w') });
    if (ex.code !== 0) throw new Error(`export of the sample failed: ${ex.err.trim().slice(-300)}`);
    const siteRel = join(tmp, 'sample-site');
    const b = await run(BIN, ['build', args.sample, '--out', siteRel, '--redact']);
    if (b.code !== 0) throw new Error(`build of the sample failed: ${b.err.trim().slice(-300)}`);
    const out = join(tmp, 'relevance.json');
    const r = await withTimeout(run(process.execPath, [join(BENCH, 'relevance.mjs'), '--tickets', jsonl,
      '--queries', args.queries, '--ticketsearch-site', siteRel, '--ticketsearch-bin', BIN,
      '--engines', engines.join(','), '--json', out]), STEP_MS, 'relevance.mjs');
    if (r.code !== 0) throw new Error(`relevance.mjs exited with ${r.code}: ${r.err.trim().slice(-300)}`);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    for (const e of json.engines) {
      if (e.status !== 'ok') problems.push(`relevance ${e.engine}: ${e.status}: ${e.reason}`);
    }
    return { markdown: r.out.trim(), json };
  });
}

for (const corpus of args.corpus) {
  const label = basename(corpus).replace(/\.[^.]+$/, '');
  const dir = join(tmp, label);
  mkdirSync(dir);
  const size = { label, corpus: resolve(corpus), dir, tickets: null, engines: {} };
  report.sizes.push(size);
  log(`[${label}] export --redact → JSONL (the peers' tickets)`);
  size.tickets = await step(`[${label}] export`, async () => {
    const file = join(dir, 'tickets.jsonl');
    const t0 = performance.now();
    const ex = await run(BIN, ['export', '--redact', corpus], { stdout: openSync(file, 'w') });
    if (ex.code !== 0) throw new Error(`export failed: ${ex.err.trim().slice(-300)}`);
    let count = 0;
    const buf = readFileSync(file);
    for (let i = 0; i < buf.length; i++) if (buf[i] === 10) count++;
    return { file, count, bytes: buf.length, exportMs: performance.now() - t0 };
  });
  size.count = size.tickets.count ?? null;
  for (const engine of engines) {
    const r = await measureEngine(engine, corpus, size);
    report.machine.chromium ??= r.chromium ?? null;
    delete r.chromium;
    size.engines[engine] = r;
    writeReports(); // after every engine, so that a long run leaves partial results
  }
  rmSync(dir, { recursive: true, force: true });
  delete size.dir;
}
report.loadavg.end = loadavg();
writeReports();
if (problems.length) {
  log(`done, but ${problems.length} measurement(s) were not measurable:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  log('done');
}

// ---------- reports ----------
function writeReports() {
  const sizes = report.sizes.filter((s) => Object.keys(s.engines).length);
  if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
  if (args.md) writeFileSync(args.md, markdown(sizes));
}

function markdown(sizes) {
  const kib = (b) => (b / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 });
  const mib = (b) => (b / 1048576).toFixed(1);
  const nm = (x) => `not measurable: ${x.error}`;
  // Each metric: how to read it from an engine's result (null = not measurable), and format it.
  const METRICS = [
    ['build s', (r) => r.build?.seconds, (x) => x.toFixed(2), 'build'],
    ['build peak MiB', (r) => r.build?.peakRssKiB * 1024, mib, 'build'],
    ['index raw KiB', (r) => r.size?.index?.bytes, kib, 'size'],
    ['index gzip KiB', (r) => r.size?.index?.gzipBytes, kib, 'size'],
    ['cold first result ms', (r) => r.cold?.ms, (x) => x.toFixed(0), 'cold'],
    ['KiB before first result', (r) => r.cold?.bytesBefore, kib, 'cold'],
    ['warm median ms', (r) => r.warm?.median, (x) => x.toFixed(2), 'warm'],
    ['warm p95 ms', (r) => r.warm?.p95, (x) => x.toFixed(2), 'warm'],
    ['browser JS heap MiB', (r) => r.memory?.jsHeapUsed, mib, 'memory'],
  ];
  const value = (r, m) => {
    const v = m[1](r);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  // A reason is spelled out once per row; later cells with the same reason say "n/m".
  const cell = (r, m, said) => {
    const v = value(r, m);
    if (v !== null) return m[2](v) + (m[3] === 'warm' && r.warm.rounds < ROUNDS ? ` (${r.warm.rounds} rounds)` : '');
    if (r.bare && m[3] !== 'cold') return r.bare[m[3]];
    const err = r[m[3]]?.error;
    if (!err) return '–';
    if (said.has(err)) return 'n/m';
    said.add(err);
    return nm(r[m[3]]);
  };
  // ticketsearch's bare-page row: its cold figures; the site's (build, size) are those of the
  // row above; warm and memory were measured on the UI page only.
  const BARE_CELLS = { build: 'same', size: 'same', warm: '–', memory: '–' };
  const bareRow = (ts) => ({ cold: ts.coldBarePage ?? { error: 'not run' }, bare: BARE_CELLS });
  // The second table per size: [header, has it?, format, the bare row's cell when not a cold
  // figure (a string, or a function of ticketsearch's result)].
  const EXTRA = [
    ['build tree peak MiB (sampled)', (r) => r.build?.treePeakRssKiBSampled,
      (r) => mib(r.build.treePeakRssKiBSampled * 1024), 'same'],
    ['runtime raw / gzip KiB', (r) => r.size?.runtime,
      (r) => `${kib(r.size.runtime.bytes)} / ${kib(r.size.runtime.gzipBytes)}`, '–'],
    ['requests before first result', (r) => r.cold?.runs, (r) => r.cold.requestsBefore],
    ['KiB by the page 1 s after it', (r) => r.cold?.runs, (r) => kib(r.cold.bytesTotal)],
    ['warm mean ms', (r) => r.warm?.rounds, (r) => r.warm.mean.toFixed(3), '–'],
    ['first-pass median ms', (r) => r.warm?.rounds, (r) => r.warm.firstPassMedian.toFixed(2), '–'],
    ['queries with 0 hits', (r) => r.warm?.rounds,
      (r) => `${r.warm.zeroHitQueries.length} / ${WARM_QUERIES.length}`, '–'],
    ['JS heap before GC MiB', (r) => r.memory?.renderer, (r) => mib(r.memory.jsHeapUsedBeforeGc), '–'],
    ['wasm memory (main thread) MiB', (r) => r.memory?.renderer, (r) => {
      if (r.memory.wasmMainThread) return mib(r.memory.wasmMainThread);
      return r.memory.workers ? 'in a worker' : '0';
    }, '–'],
    ['renderer RSS MiB', (r) => r.memory?.renderer, (r) => mib(r.memory.renderer.maxKiB * 1024), '–'],
    ['load avg at start', () => true, (r) => r.loadavgAtStart.join(' '),
      (ts) => ts.coldBarePage?.loadavgAtStart?.join(' ') ?? '–'],
  ];
  const isCold = (header) => /first result|after it/.test(header);
  const L = [];
  L.push('## Side by side at 1k, 10k and 100k tickets: ticketsearch, Pagefind, MiniSearch, FlexSearch');
  L.push('');
  L.push('```');
  L.push(report.command);
  L.push('```');
  L.push('');
  const m = report.machine;
  L.push(`${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC · ${m.cpuModel} × ${m.cpus} · ` +
    `${(m.totalMemBytes / 2 ** 30).toFixed(1)} GiB RAM · Node ${m.node} · Chromium ${m.chromium ?? '?'} · ` +
    `load average (1/5/15 min) at start ${report.loadavg.start.join(' / ')}, at end ` +
    `${report.loadavg.end ? report.loadavg.end.join(' / ') : '(running)'}. Cold: median of ` +
    `${COLD_RUNS} runs; warm: ${WARM_QUERIES.length} queries (4 keystrokes + 40 judged queries) × ` +
    `${ROUNDS} rounds after a first pass.`);
  for (const s of sizes) {
    L.push('');
    L.push(`### ${s.count?.toLocaleString('en-US') ?? '?'} tickets (\`${basename(s.corpus)}\`)`);
    L.push('');
    L.push(`| engine | ${METRICS.map((x) => x[0]).join(' | ')} |`);
    L.push(`|---|${METRICS.map(() => '---:').join('|')}|`);
    for (const e of engines) {
      const r = s.engines[e];
      if (!r) continue;
      const said = new Set();
      const name = e === 'ticketsearch' ? '**ticketsearch** (its UI page)' : LABELS[e];
      L.push(`| ${name} | ${METRICS.map((x) => cell(r, x, said)).join(' | ')} |`);
      if (e === 'ticketsearch') {
        const bare = bareRow(r);
        const saidBare = new Set();
        L.push(`| **ticketsearch** (bare page) | ${METRICS.map((x) => cell(bare, x, saidBare)).join(' | ')} |`);
      }
    }
    const ts = s.engines.ticketsearch;
    if (ts?.size?.indexDir) {
      L.push('');
      L.push(`ticketsearch's index = index/ ${kib(ts.size.indexDir.bytes)} KiB raw, ` +
        `${kib(ts.size.indexDir.gzipBytes)} KiB gzip (the search index) + tickets/ ` +
        `${kib(ts.size.ticketsDir.bytes)} KiB raw, ${kib(ts.size.ticketsDir.gzipBytes)} KiB gzip ` +
        '(every ticket\'s text, which the peers other than Pagefind do not ship).');
    }
    L.push('');
    L.push('More numbers:');
    L.push('');
    L.push(`| engine | ${EXTRA.map((x) => x[0]).join(' | ')} |`);
    L.push(`|---|${EXTRA.map(() => '---:').join('|')}|`);
    for (const e of engines) {
      const r = s.engines[e];
      if (!r) continue;
      L.push(`| ${LABELS[e]} | ${EXTRA.map(([, ok, fn]) => (ok(r) ? fn(r) : '–')).join(' | ')} |`);
      if (e === 'ticketsearch') {
        const bare = bareRow(r);
        L.push(`| ${BARE_LABEL} | ${EXTRA.map(([h, ok, fn, other]) => {
          if (!isCold(h)) return typeof other === 'function' ? other(r) : other;
          return ok(bare) ? fn(bare) : (bare.cold.error ? 'n/m' : '–');
        }).join(' | ')} |`);
      }
    }
  }
  const peers = engines.filter((e) => e !== 'ticketsearch');
  if (engines.includes('ticketsearch') && peers.length && sizes.length) {
    L.push('');
    L.push('### Ratios ticketsearch / peer');
    L.push('');
    L.push('Below 1 = ticketsearch is smaller or faster. The figures to read on a noisy machine. ' +
      'The cold columns (cold first result, KiB before first result) are ticketsearch\'s ' +
      '**bare page** (served by bench/scale/serve.mjs, like the peers\' pages), not its UI page; ' +
      'the UI page\'s figures are in the tables above.');
    L.push('');
    L.push(`| tickets | peer | ${METRICS.map((x) => x[0].replace(/ (s|ms|MiB|KiB)$/, '')).join(' | ')} |`);
    L.push(`|---|---|${METRICS.map(() => '---:').join('|')}|`);
    for (const s of sizes) {
      const tsUi = s.engines.ticketsearch;
      // Like for like: the bare page's cold figures (not measurable = n/m, no fallback to the UI's).
      const ts = tsUi && { ...tsUi, cold: tsUi.coldBarePage ?? { error: 'not run' } };
      for (const p of peers) {
        const r = s.engines[p];
        if (!ts || !r) continue;
        L.push(`| ${s.count?.toLocaleString('en-US') ?? '?'} | ${p} | ${METRICS.map((x) => {
          const a = value(ts, x);
          const b = value(r, x);
          if (a === null || b === null) return 'n/m';
          if (b === 0) return '∞';
          const q = a / b;
          return `${q < 0.1 ? q.toFixed(3) : q.toFixed(2)}×`;
        }).join(' | ')} |`);
      }
    }
  }
  if (report.relevance) {
    L.push('');
    L.push('### Relevance on the judged sample (bench/relevance.mjs, same adapters)');
    L.push('');
    if (report.relevance.error) L.push(`not measurable: ${report.relevance.error}`);
    else L.push(report.relevance.markdown.replace(/^(#+) /gm, '##$1# '));
  }
  L.push('');
  L.push('### Notes');
  L.push('');
  for (const n of NOTES) L.push(`- ${n}`);
  if (problems.length) {
    L.push('');
    L.push('### Not measurable');
    L.push('');
    for (const p of problems) L.push(`- ${p}`);
  }
  return L.join('\n') + '\n';
}
