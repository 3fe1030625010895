/** A value's type as a reader names it: `function funcAsync`, `class Point`, `Point`, `Map`, `bigint`. */
export function describeValueType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') {
    const name = value.name || '(anonymous)';
    return isClass(value) ? `class ${name}` : `function ${name}`;
  }
  if (typeof value !== 'object') return typeof value;
  const generator = generatorKind(value);
  if (generator) return generator;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (proto === null) return 'object with null prototype';
  return proto.constructor?.name || 'object';
}

// A function's source never changes: what it tells is worked out once per function.
const classes = new WeakMap<Function, boolean>();
const natives = new WeakMap<Function, boolean>();

export function isClass(fn: Function): boolean {
  let known = classes.get(fn);
  if (known === undefined) classes.set(fn, (known = /^class[\s{]/.test(Function.prototype.toString.call(fn))));
  return known;
}

export function isNativeFunction(fn: Function): boolean {
  let known = natives.get(fn);
  if (known === undefined)
    natives.set(fn, (known = /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(fn))));
  return known;
}

/** `generator object` or `async generator object` (what a `function*` returns), else undefined. */
export function generatorKind(value: object): string | undefined {
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Generator]') return 'generator object';
  if (tag === '[object AsyncGenerator]') return 'async generator object';
  return undefined;
}
