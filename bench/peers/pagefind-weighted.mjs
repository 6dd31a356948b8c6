// Pagefind fed with weighted HTML (addHTMLFile + data-pagefind-weight); see pagefind.mjs.
import { weightedAdapter as a } from './pagefind.mjs';

export const name = a.name;
export const describe = () => a.describe();
export const build = (tickets) => a.build(tickets);
export const search = (ix, q, f) => a.search(ix, q, f);
export const size = (ix) => a.size(ix);
export const close = (ix) => a.close(ix);
