/**
 * Whether `value` is a tree of JSON's own data (primitives, plain arrays, plain objects with data
 * properties, Dates), with no object reached twice. For such a value plain `JSON.stringify` delivers
 * exactly what flatted delivers, at a fraction of the cost: flatted only differs for shared or cyclic
 * references and for what it sees through custom `toJSON` methods.
 */
export function isJsonTree(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    const type = typeof value;
    if (type === 'bigint' || type === 'function' || type === 'symbol') return false;
    if (type !== 'object' || value === null) continue;
    const object = value as object;
    if (seen.has(object)) return false;
    seen.add(object);
    const proto = Object.getPrototypeOf(object) as object | null;
    if (proto === Date.prototype) {
      if (Reflect.ownKeys(object).length > 0) return false;
      continue;
    }
    if (proto === Array.prototype) {
      const array = object as unknown[];
      if (Object.getOwnPropertyDescriptor(array, 'toJSON')) return false;
      for (let index = 0; index < array.length; index++) {
        const item = array[index];
        if (typeof item === 'object' || typeof item === 'function' || typeof item === 'bigint' || typeof item === 'symbol') stack.push(item);
      }
      continue;
    }
    if (proto !== Object.prototype) return false;
    for (const key of Object.keys(object)) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key)!;
      if (!('value' in descriptor) || key === 'toJSON') return false;
      stack.push(descriptor.value);
    }
  }
  return true;
}
