/**
 * A CommonJS module's exports, imported with `import()`: the bundle (Node's interop too) has
 * them as the namespace's `default`.
 */
export function commonJs<T extends object>(namespace: T): T {
  return ((namespace as { default?: T }).default ?? namespace) as T;
}
