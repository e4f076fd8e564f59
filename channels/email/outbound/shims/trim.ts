/**
 * Stands in for `@babel/runtime-corejs3/core-js/instance/trim`, a core-js polyfill mimetext
 * imports (see `[alias]` in wrangler.toml): workerd has `String.prototype.trim`, and core-js
 * would add about 15 KiB gzipped to the Worker.
 */
export default function trimInstanceProperty(it: string): () => string {
  return it.trim;
}
