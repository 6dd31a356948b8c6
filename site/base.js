// Where the site's files are. This module sits at the site's root, and so
// does every file `cargo xtask bundle` makes of the modules that import it,
// so `import.meta.url` names the root in both forms of the site.
export const SITE = new URL('./', import.meta.url).href;
export const WIDGET_CSS = new URL('./widget/ticket-search.css', import.meta.url).href;
