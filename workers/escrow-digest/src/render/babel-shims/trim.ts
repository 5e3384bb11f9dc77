/**
 * Bundled (wrangler.toml `[alias]`) instead of core-js-pure's String#trim
 * polyfill, which mimetext's build imports through @babel/runtime-corejs3:
 * with the defineProperty shim beside it, that is ~15 KiB gzip of polyfills
 * for methods every Workers runtime has. Same contract as the helper: given a
 * value, return its `trim` method (mimetext calls `trim(s).call(s)`).
 */
export default function trim(value: { trim: () => string }): () => string {
  return value.trim;
}
