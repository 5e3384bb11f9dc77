/**
 * Bundled (wrangler.toml `[alias]`) instead of Babel's defineProperty helper
 * from @babel/runtime-corejs3, whose core-js imports (Symbol, toPrimitive)
 * mimetext does not need: class fields become own, enumerable, writable,
 * configurable properties, exactly as the helper makes them.
 */
export default function defineProperty<T extends object>(obj: T, key: PropertyKey, value: unknown): T {
  Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
  return obj;
}
