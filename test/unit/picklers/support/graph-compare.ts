import { childPath, mapKeyPath, mapValuePath, setValuePath } from '../../../../worker-host/picklers/value-path';

/**
 * Where `actual` differs from `expected`, as paths in the picklers' own notation: values, prototypes
 * (a class rebuilt from the same source counts as the same class), property kinds, holes, and the shape
 * of shared and cyclic references (what is one object in `expected` must be one object in `actual`).
 */
export function graphDifferences(expected: unknown, actual: unknown, root: string): string[] {
  const differences: string[] = [];
  const pairs = new Map<unknown, unknown>();
  const reverse = new Map<unknown, unknown>();
  const compare = (a: unknown, b: unknown, path: string): void => {
    if (typeof a !== typeof b) return void differences.push(path);
    if (typeof a === 'symbol') {
      const sa = a as symbol;
      const sb = b as symbol;
      if (Symbol.keyFor(sa) !== Symbol.keyFor(sb) || sa.description !== sb.description) differences.push(path);
      return;
    }
    if (typeof a === 'function') {
      if (a === b) return;
      const fa = a as (x: number) => unknown;
      const fb = b as (x: number) => unknown;
      if (Function.prototype.toString.call(fa) !== Function.prototype.toString.call(fb) || !Object.is(fa(3), fb(3)))
        differences.push(path);
      return;
    }
    if (typeof a !== 'object' || a === null || b === null) {
      if (!Object.is(a, b)) differences.push(path);
      return;
    }
    if (pairs.has(a) || reverse.has(b)) {
      if (pairs.get(a) !== b) differences.push(path);
      return;
    }
    pairs.set(a, b);
    reverse.set(b, a);
    const objectA = a as object;
    const objectB = b as object;
    // A changed prototype is one difference; the walk still goes on inside, in the order the picklers walk,
    // so shared objects are first met at the same path the picklers report them.
    if (!samePrototype(Object.getPrototypeOf(objectA), Object.getPrototypeOf(objectB))) differences.push(path);
    if (kind(objectA) !== kind(objectB)) return;
    if (objectA instanceof Date) {
      if (!Object.is(objectA.getTime(), (objectB as Date).getTime())) differences.push(path);
      return;
    }
    if (ArrayBuffer.isView(objectA)) {
      const ta = objectA as unknown as ArrayLike<number>;
      const tb = objectB as unknown as ArrayLike<number>;
      if (ta.length !== tb.length || Array.from(ta).some((v, i) => !Object.is(v, tb[i]))) differences.push(path);
      return;
    }
    if (objectA instanceof Map) {
      const mb = objectB as Map<unknown, unknown>;
      if (objectA.size !== mb.size) return void differences.push(path);
      const entriesB = [...mb];
      [...objectA].forEach(([k, v], i) => {
        compare(k, entriesB[i]![0], mapKeyPath(path, i));
        compare(v, entriesB[i]![1], mapValuePath(path, k, i));
      });
      return;
    }
    if (objectA instanceof Set) {
      const sb = objectB as Set<unknown>;
      if (objectA.size !== sb.size) return void differences.push(path);
      const itemsB = [...sb];
      [...objectA].forEach((v, i) => compare(v, itemsB[i], setValuePath(path, i)));
      return;
    }
    const keysA = Reflect.ownKeys(objectA);
    const keysB = Reflect.ownKeys(objectB);
    for (const key of keysB) {
      if (typeof key === 'string' && !keysA.includes(key)) differences.push(childPath(path, key));
    }
    if (keysB.filter((k) => typeof k === 'symbol').length !== keysA.filter((k) => typeof k === 'symbol').length)
      differences.push(path);
    for (const key of keysA) {
      if (typeof key === 'symbol') continue;
      const at = Array.isArray(objectA) && /^\d+$/.test(key) ? childPath(path, Number(key)) : childPath(path, key);
      const da = Object.getOwnPropertyDescriptor(objectA, key)!;
      const db = Object.getOwnPropertyDescriptor(objectB, key);
      if (!db || 'value' in da !== 'value' in db || da.enumerable !== db.enumerable) {
        differences.push(at);
        if (db && 'value' in db && da.get) compare(da.get.call(objectA), db.value, at);
        continue;
      }
      if ('value' in da) compare(da.value, db.value, at);
    }
  };
  compare(expected, actual, root);
  return differences;
}

function kind(value: object): string {
  if (value instanceof Date) return 'date';
  if (ArrayBuffer.isView(value)) return 'view';
  if (value instanceof Map) return 'map';
  if (value instanceof Set) return 'set';
  return 'object';
}

function samePrototype(a: object | null, b: object | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const ca = Object.getOwnPropertyDescriptor(a, 'constructor')?.value as Function | undefined;
  const cb = Object.getOwnPropertyDescriptor(b, 'constructor')?.value as Function | undefined;
  return (
    typeof ca === 'function' &&
    typeof cb === 'function' &&
    Function.prototype.toString.call(ca) === Function.prototype.toString.call(cb)
  );
}

/** Whether a reported path covers a difference: the same value or one inside it. */
export function covers(reported: string, difference: string): boolean {
  return difference === reported || difference.startsWith(`${reported}.`) || difference.startsWith(`${reported}[`);
}

/** Every path at which `predicate` holds, following every reference (not only the first) in the graph. */
export function pathsWhere(
  root: unknown,
  rootPath: string,
  predicate: (value: unknown) => boolean,
  descend: (value: object) => boolean = () => true,
): Set<string> {
  const found = new Set<string>();
  const onStack = new Set<unknown>();
  const visit = (value: unknown, path: string): void => {
    if (predicate(value)) found.add(path);
    if (typeof value !== 'object' || value === null || onStack.has(value) || !descend(value) || found.size > 5000)
      return;
    onStack.add(value);
    if (value instanceof Map) {
      [...value].forEach(([k, v], i) => {
        visit(k, mapKeyPath(path, i));
        visit(v, mapValuePath(path, k, i));
      });
    } else if (value instanceof Set) {
      [...value].forEach((v, i) => visit(v, setValuePath(path, i)));
    } else if (!ArrayBuffer.isView(value) && !(value instanceof Date)) {
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key === 'symbol') continue;
        const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
        const item = 'value' in descriptor ? descriptor.value : descriptor.get?.call(value);
        visit(item, Array.isArray(value) && /^\d+$/.test(key) ? childPath(path, Number(key)) : childPath(path, key));
      }
    }
    onStack.delete(value);
  };
  visit(root, rootPath);
  return found;
}
