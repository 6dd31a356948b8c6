// ticketsearch (ours), measured through its CLI against an already built site:
//   <bin> search <SITE_DIR> <QUERY> --limit 10 --json [--filter F]...
// which prints {"total", "tookMs", "hits": [{"id", …}], "facets": […]}. The index is whatever
// `ticketsearch build` wrote into SITE_DIR; this adapter does not build it, so no build time.
// Filters: NATIVE (--filter, OR-ed by the engine).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TOP_K, sizeOfDir } from './common.mjs';

export const name = 'ticketsearch';

export const DEFAULT_BIN = '/work/main/target/release/ticketsearch';

export function describe() {
  return 'ticketsearch CLI `search <SITE_DIR> <QUERY> --limit 10 --json [--filter F]…` over a ' +
    'site built by `ticketsearch build`; its own analyzer/ranking; filters native.';
}

/** `tickets` is unused: the site must already exist. opts: {site, bin}. */
export async function build(_tickets, opts = {}) {
  const bin = opts.bin || DEFAULT_BIN;
  if (!opts.site) throw new NotMeasurable('no --ticketsearch-site DIR given');
  if (!existsSync(opts.site)) throw new NotMeasurable(`site dir ${opts.site} does not exist`);
  if (!existsSync(bin)) throw new NotMeasurable(`binary ${bin} does not exist`);
  return { bin, site: opts.site, buildMs: null };
}

export async function search(ix, query, filters) {
  const args = ['search', ix.site, query, '--limit', String(TOP_K), '--json'];
  for (const f of filters) args.push('--filter', f);
  let out;
  try {
    out = execFileSync(ix.bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`ticketsearch search failed for ${JSON.stringify(query)}: ` +
      `${(e.stderr || e.message || '').toString().trim().slice(0, 400)}`);
  }
  const r = JSON.parse(out);
  return (r.hits ?? []).slice(0, TOP_K).map((h) => h.id);
}

export async function size(ix) {
  const s = sizeOfDir(ix.site);
  return { ...s, note: `whole site dir (${s.files} files: index, ticket fragments, UI, wasm)` };
}

export class NotMeasurable extends Error {}
