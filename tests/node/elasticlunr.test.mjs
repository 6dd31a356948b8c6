// The elasticlunr.js index that `ticketsearch build --emit elasticlunr`
// writes loads in elasticlunr.js (npm) and finds the certificate tickets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import elasticlunr from 'elasticlunr';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.TICKETSEARCH_BIN ?? join(root, 'target', 'debug', 'ticketsearch');

test('elasticlunr.js loads the emitted index and finds 证书 tickets', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ts-elasticlunr-'));
  try {
    const site = join(out, 'site');
    execFileSync(bin, ['build', 'data/sample', '--out', site, '--emit', 'elasticlunr'], { cwd: root, stdio: 'pipe' });
    const { tokenize } = await import(pathToFileURL(join(site, 'elasticlunr', 'tokenizer.js')));
    const index = elasticlunr.Index.load(JSON.parse(readFileSync(join(site, 'elasticlunr', 'index.json'), 'utf8')));
    elasticlunr.tokenizer = tokenize;

    const ids = index.search('证书', { expand: false }).map((r) => r.ref);
    assert.ok(ids.length >= 10, `only ${ids.length} hits`);
    for (const id of ['part32-2', 'part32-8', 'part32-43']) assert.ok(ids.includes(id), `${id} missing from ${ids}`);

    const longer = index.search('证书部署一直处于处理中', { expand: false, bool: 'OR' }).map((r) => r.ref);
    assert.ok(longer.slice(0, 5).includes('part32-2'), `part32-2 not in the top 5 of ${longer}`);

    const code = index.search('kodo-browser', { expand: false }).map((r) => r.ref);
    assert.ok(code.length > 0);

    assert.deepEqual(tokenize('ＣＤＮ证书部署 kodo-browser'), ['cdn', '证书', '书部', '部署', 'kodo-browser', 'kodo', 'browser']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
