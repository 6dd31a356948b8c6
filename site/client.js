// The UI's side of the JS API: one open index per site, a retry after a
// failed open, stale searches dropped, tickets cached. No DOM.
// The public API stays `ticketsearch.js` (re-exported here).
import { open } from './ticketsearch.js';

export { open };

/** A site's index as the UI uses it. */
export class Client {
  #base;
  #opening = null;
  #index = null;
  #seq = 0;
  #tickets = new Map();

  /** `base`: absolute URL of a built site (ending in `/`). */
  constructor(base) {
    this.#base = base;
  }

  get base() {
    return this.#base;
  }

  /** Opens the index once; after a failure the next call tries again. */
  ready() {
    this.#opening ??= open(this.#base).then(
      (index) => (this.#index = index),
      (err) => {
        this.#opening = null;
        throw err;
      },
    );
    return this.#opening;
  }

  /** Tickets in the site (0 until ready). */
  get size() {
    return this.#index?.size ?? 0;
  }

  /**
   * Searches; resolves to the result, or to null when a later search()
   * started meanwhile (its answer is stale: drop it).
   */
  async search(query, options) {
    const seq = ++this.#seq;
    const index = await this.ready();
    if (seq !== this.#seq) return null;
    const result = await index.search(query, options);
    return seq === this.#seq ? result : null;
  }

  /** Drops the answers of searches still running. */
  cancel() {
    this.#seq++;
  }

  /** The next page of a search; not counted as a new search (never stale by itself). */
  async more(query, options) {
    const seq = this.#seq;
    const index = await this.ready();
    const result = await index.search(query, options);
    return seq === this.#seq ? result : null;
  }

  /** The whole ticket, or null when the site has no such id. */
  ticket(id) {
    let t = this.#tickets.get(id);
    if (!t) {
      t = this.ready().then((index) => index.ticket(id));
      t.catch(() => this.#tickets.delete(id));
      this.#tickets.set(id, t);
    }
    return t;
  }
}
