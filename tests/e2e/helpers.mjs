// Shared by the browser tests (tests/e2e/*.test.mjs) and screenshots.mjs:
// build a site with the CLI, serve it with `ticketsearch serve` on a free
// port, serve host pages from another origin, launch Debian's Chromium with
// playwright-core, and watch a page for console errors and CSP violations.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = process.env.TICKETSEARCH_BIN ?? join(root, 'target', 'debug', 'ticketsearch');
export const sample = join(root, 'data', 'sample');
export const fixtures = join(root, 'tests', 'e2e', 'fixtures');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The launch flags of ../shared/TOOLCHAIN.md. */
export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function launch() {
  return chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS });
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'ts-e2e-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Builds a site from `inputs` into a new temporary directory; returns its path. */
export function buildSite(inputs = [sample], dir = tempDir()) {
  const out = join(dir, 'site');
  execFileSync(bin, ['build', ...inputs, '--out', out], { cwd: root, stdio: 'pipe' });
  return out;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitUp(url, child) {
  const until = Date.now() + 15000;
  for (;;) {
    if (child?.exitCode != null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      return;
    } catch (err) {
      if (Date.now() > until) throw new Error(`${url} did not come up: ${err.message}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** `ticketsearch serve DIR --port P [--cors]`; resolves to { url, port, close() }. */
export async function serveSite(dir, { cors = false } = {}) {
  const port = await freePort();
  const args = ['serve', dir, '--port', String(port), ...(cors ? ['--cors'] : [])];
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUp(url, child);
  } catch (err) {
    child.kill();
    throw new Error(`${err.message}\n${stderr}`);
  }
  return {
    url,
    port,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode != null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A tiny static server on 127.0.0.1 (another origin than the site):
 * files = { '/host.html': { type, body } }. Resolves to { url, close() }.
 */
export async function hostServer(files) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const f = files[path] ?? (path === '/favicon.ico' ? { type: 'image/x-icon', body: '' } : null);
    if (!f) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': f.type, 'cache-control': 'no-store', ...(f.headers ?? {}) }).end(f.body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => new Promise((r) => (server.closeAllConnections?.(), server.close(r))),
  };
}

/**
 * Watches a page: console errors and warnings, uncaught exceptions, CSP
 * violations (securitypolicyviolation events, from any frame and shadow
 * root), and JS dialogs (alert/confirm/prompt are dismissed and recorded).
 */
export async function watch(page) {
  const w = { errors: [], warnings: [], csp: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
    else if (m.type() === 'warning') w.warnings.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.exposeFunction('__tsReportCsp', (v) => w.csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => window.__tsReportCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
      true,
    );
  });
  return w;
}

const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (evaluated through the devtools protocol, so
 * the page's CSP does not block it) on `selector` (default: the document);
 * resolves to the serious and critical violations, readable.
 */
export async function axe(page, selector = null) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (sel) => {
    const context = sel ? document.querySelector(sel) : document;
    const r = await window.axe.run(context, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary}`) }));
  }, selector);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Removes a directory tree. */
export function remove(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** The search input of the (first) <ticket-search> (playwright pierces open shadow roots). */
export const INPUT = 'ticket-search [role="combobox"]';

/** Waits until the page-mode component shows results (or an error). */
export async function settled(page, host = 'ticket-search') {
  await page.waitForFunction((sel) => {
    const root = document.querySelector(sel)?.shadowRoot?.querySelector('.root');
    return root && !root.hidden && !root.classList.contains('is-busy') && (root.querySelector('.summary')?.textContent || root.querySelector('.state-error, .state-empty'));
  }, host);
}

/** The hostile stylesheet of the host page: none of it may reach inside the widget. */
export const HOSTILE_CSS = `
*, *::before, *::after { all: unset !important; }
html { font-size: 40px !important; }
body { display: block !important; margin: 20px !important; font: 32px/4 serif !important; letter-spacing: .3em !important;
       text-transform: uppercase !important; color: #c00 !important; }
div, ul, li, p, dialog, input, button, section, mark, pre, ol, h2, h3 { display: none !important; }
ticket-search { font-size: 50px !important; line-height: 5 !important; color: #f0f !important; width: 560px !important; }
#themed { --ts-accent: rgb(10, 125, 82); }
`;

/**
 * A host page of another origin embedding the widget from `site` (with a
 * strict CSP of its own that allows the widget's origin), plus `body`.
 */
export function hostPage(site, self, { title = 'Team wiki', body = '' } = {}) {
  const origin = site.replace(/\/$/, '');
  const csp = `default-src 'self'; script-src 'self' ${origin} 'wasm-unsafe-eval'; style-src 'self' ${origin}; connect-src ${origin}; img-src 'self'`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${title}</title>
<link rel="stylesheet" href="${self}hostile.css">
<script type="module" src="${site}widget.js"></script>
</head>
<body>
${body}
</body>
</html>`;
}
