/** A value's type as a reader names it: `function funcAsync`, `class Point`, `Point`, `Map`, `bigint`. */
export function describeValueType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') {
    const name = value.name || '(anonymous)';
    return isClass(value) ? `class ${name}` : `function ${name}`;
  }
  if (typeof value !== 'object') return typeof value;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (proto === null) return 'object with null prototype';
  return proto.constructor?.name || 'object';
}

export function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

export function isNativeFunction(fn: Function): boolean {
  return /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(fn));
}
