// FlexSearch with our tokenizer, "forward" tokenize and one combined field; see flexsearch.mjs.
import { bigramAdapter as a } from './flexsearch.mjs';

export const name = a.name;
export const describe = () => a.describe();
export const build = (tickets) => a.build(tickets);
export const search = (ix, q, f) => a.search(ix, q, f);
export const size = (ix) => a.size(ix);
