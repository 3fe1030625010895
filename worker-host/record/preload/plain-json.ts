/** More parts than this and the value is left to the full JSON walk. */
const MAX_PARTS = 2000;

/**
 * Whether a JSON channel certainly delivers `value` as it is: a tree of plain objects and dense arrays of
 * strings, booleans, null and finite numbers (no -0), nothing shared, no symbol, hidden, accessor or `toJSON`
 * keys. Cheap, and conservative: false sends the value to the full walk, which names what changes.
 */
export function plainJson(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    switch (typeof item) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(item) || Object.is(item, -0)) return false;
        continue;
      case 'object':
        break;
      default:
        return false;
    }
    if (item === null) continue;
    if (seen.has(item) || seen.size >= MAX_PARTS) return false;
    seen.add(item);
    const proto = Object.getPrototypeOf(item) as object | null;
    if (Array.isArray(item) && proto === Array.prototype) {
      const keys = Reflect.ownKeys(item);
      // Indices and `length`, nothing else: no holes and no named keys.
      if (keys.length !== item.length + 1) return false;
      for (let index = 0; index < item.length; index++) stack.push(item[index]);
      continue;
    }
    if (proto !== Object.prototype) return false;
    for (const key of Reflect.ownKeys(item)) {
      if (typeof key === 'symbol' || key === '__proto__' || key === 'toJSON') return false;
      const descriptor = Object.getOwnPropertyDescriptor(item, key)!;
      if (!descriptor.enumerable || !('value' in descriptor)) return false;
      stack.push(descriptor.value);
    }
  }
  return true;
}
