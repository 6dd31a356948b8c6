// Browser stand-in for the Node built-ins that bench/peers/common.mjs and flexsearch.mjs import
// for their size helpers (never called by bench/scale/page.mjs); mapped by the import map of the
// peers' benchmark pages for 'node:zlib', 'node:fs' and 'node:path'.
const unavailable = (name) => () => { throw new Error(`${name} is not available in the browser`); };
export const gzipSync = unavailable('gzipSync');
export const readdirSync = unavailable('readdirSync');
export const readFileSync = unavailable('readFileSync');
export const statSync = unavailable('statSync');
export const join = unavailable('join');
