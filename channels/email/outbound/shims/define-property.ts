/**
 * Stands in for `@babel/runtime-corejs3/helpers/esm/defineProperty` (see `[alias]` in
 * wrangler.toml): the same class-field helper on the runtime's own `Object.defineProperty`,
 * without the core-js Symbol polyfills it would pull into the Worker.
 */
export default function defineProperty<T extends object>(obj: T, key: PropertyKey, value: unknown): T {
  if (key in obj) {
    Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
  } else {
    (obj as Record<PropertyKey, unknown>)[key] = value;
  }
  return obj;
}
