import type { ValueWarning } from '../protocol/report';
import { forEachElement, namedArrayKeys } from './array-keys';
import { MAX_WARNINGS } from './thresholds';
import { childPath, mapKeyPath, mapValuePath, setValuePath } from './value-path';
import { describeValueType } from './value-type';

/**
 * What changed between a value that was sent and the value that arrived (decoded from the very bytes sent):
 * one warning per changed place, at its path. It knows nothing of any format; it only compares, so what it
 * reports is what the channel really did. Getters are not called: an accessor is reported as such.
 */
export function deliveryDifferences(sent: unknown, arrived: unknown, path: string): ValueWarning[] {
  const found: ValueWarning[] = [];
  let more = 0;
  const warn = (at: string, message: string): void => {
    if (found.length < MAX_WARNINGS) found.push({ path: at, message });
    else more++;
  };
  /** Sent objects already compared, with the path they were first met at and what they arrived as. */
  const met = new Map<object, { path: string; arrived: unknown }>();

  const compare = (a: unknown, b: unknown, at: string): void => {
    if (typeof a !== 'object' || a === null) {
      if (!Object.is(a, b)) warn(at, `${show(a)} becomes ${show(b)}`);
      return;
    }
    const first = met.get(a);
    if (first) {
      if (first.arrived !== b) warn(at, `this is the same object as ${first.path}, but it arrives as a separate copy`);
      return;
    }
    met.set(a, { path: at, arrived: b });
    if (typeof b !== 'object' || b === null) {
      warn(at, `the ${describeValueType(a)} becomes ${show(b)}`);
      return;
    }
    compareObjects(a, b, at);
  };

  const compareObjects = (a: object, b: object, at: string): void => {
    const protoA = safePrototype(a);
    const protoB = safePrototype(b);
    if (protoA !== protoB && !sameIntrinsic(protoA, protoB)) warn(at, prototypeChange(a, protoA, b));
    if (a instanceof Map || a instanceof Set) {
      if (b instanceof Map && a instanceof Map) compareMaps(a, b, at);
      else if (b instanceof Set && a instanceof Set) compareSets(a, b, at);
      return;
    }
    if (ArrayBuffer.isView(a) || a instanceof ArrayBuffer) {
      const lengthA = byteLength(a);
      const lengthB = ArrayBuffer.isView(b) || b instanceof ArrayBuffer ? byteLength(b) : undefined;
      if (lengthB !== undefined && lengthA !== lengthB) warn(at, `${lengthA} bytes arrive as ${lengthB}`);
      return;
    }
    if (a instanceof Date) {
      if (b instanceof Date && !Object.is(a.getTime(), b.getTime())) {
        warn(at, `the Date ${a.getTime()} arrives as ${b.getTime()}`);
      }
      return;
    }
    if (typeof (a as { toJSON?: unknown }).toJSON === 'function' && protoA !== protoB) return; // replaced as a whole
    if (Array.isArray(a) && Array.isArray(b)) compareArrays(a, b, at);
    else compareProperties(a, b, at, Reflect.ownKeys(a));
  };

  const compareArrays = (a: unknown[], b: unknown[], at: string): void => {
    if (a.length !== b.length) warn(at, `an array of length ${a.length} arrives with length ${b.length}`);
    forEachElement(a, (item, index) => {
      if (index in b) compare(item, b[index], childPath(at, index));
      else warn(childPath(at, index), `${show(item)} is dropped (the array arrives with a hole)`);
    });
    forEachElement(b, (item, index) => {
      if (!(index in a)) warn(childPath(at, index), `an array hole becomes ${show(item)}`);
    });
    const named: (string | symbol)[] = namedArrayKeys(a);
    named.push(...Object.getOwnPropertySymbols(a));
    if (named.length > 0) compareProperties(a, b, at, named);
  };

  const compareProperties = (a: object, b: object, at: string, keys: (string | symbol)[]): void => {
    // An options object's unset fields are one change, not one per field.
    const unset = keys.filter((key) => isUnset(a, key) && !Object.getOwnPropertyDescriptor(b, key));
    for (const key of keys) {
      const keyPath = childPath(at, key);
      const own = Object.getOwnPropertyDescriptor(a, key);
      if (!own) continue;
      const there = Object.getOwnPropertyDescriptor(b, key);
      if (!there) {
        if (unset.length < 2 || !unset.includes(key)) warn(keyPath, droppedProperty(key, own));
        else if (key === unset[0]) warn(at, undefinedDropped(unset.map((name) => childPath('', name))));
        continue;
      }
      if (!('value' in own)) {
        warn(keyPath, 'an accessor (getter/setter) property travels as its current value');
        if ('value' in there) compare(readGetter(own, a), there.value, keyPath);
        continue;
      }
      if (own.enumerable !== there.enumerable) {
        const kind = (enumerable: boolean | undefined) => (enumerable ? 'enumerable' : 'non-enumerable');
        warn(keyPath, `a ${kind(own.enumerable)} property arrives ${kind(there.enumerable)}`);
      }
      compare(own.value, 'value' in there ? there.value : undefined, keyPath);
    }
  };

  const compareMaps = (a: Map<unknown, unknown>, b: Map<unknown, unknown>, at: string): void => {
    if (a.size !== b.size) warn(at, `a Map of ${a.size} entries arrives with ${b.size}`);
    const entries = [...b];
    let index = 0;
    for (const [key, value] of a) {
      const entry = entries[index];
      if (!entry) break;
      compare(key, entry[0], mapKeyPath(at, index));
      compare(value, entry[1], mapValuePath(at, key, index));
      index++;
    }
  };

  const compareSets = (a: Set<unknown>, b: Set<unknown>, at: string): void => {
    if (a.size !== b.size) warn(at, `a Set of ${a.size} values arrives with ${b.size}`);
    const values = [...b];
    let index = 0;
    for (const value of a) {
      if (index >= values.length) break;
      compare(value, values[index], setValuePath(at, index));
      index++;
    }
  };

  compare(sent, arrived, path);
  if (more > 0) found.push({ path, message: `and ${more} more changes like these` });
  return found;
}

function prototypeChange(a: object, protoA: object | null, b: object): string {
  const sentType = describeValueType(a);
  if (protoA === null) return 'an object with a null prototype arrives with Object.prototype';
  if (safePrototype(b) === Object.prototype) {
    if (a instanceof Map || a instanceof Set) {
      return `the ${sentType} becomes ${shape(b)} (its ${a.size} entries are lost)`;
    }
    if (ArrayBuffer.isView(a)) return `the ${sentType} becomes an object of its elements, ${shape(b)}`;
    const empty = Object.keys(b).length === 0 && Reflect.ownKeys(a).length === 0;
    return `the ${sentType} instance loses its prototype (arrives as a plain object${empty ? ', {}' : ''})`;
  }
  return `the ${sentType} arrives as ${article(describeValueType(b))}`;
}

const NAMED_DROPPED = 4;

function undefinedDropped(names: readonly string[]): string {
  const more = names.length > NAMED_DROPPED ? `, and ${names.length - NAMED_DROPPED} more` : '';
  return `${names.length} properties set to undefined are dropped (${names.slice(0, NAMED_DROPPED).join(', ')}${more})`;
}

/** An own enumerable string-keyed data property holding undefined (what JSON leaves out). */
function isUnset(value: object, key: string | symbol): boolean {
  if (typeof key !== 'string') return false;
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  return !!descriptor?.enumerable && 'value' in descriptor && descriptor.value === undefined;
}

/**
 * Two realms' own intrinsic prototype (an Array or plain object made in a `vm` context, as Jest runs its tests):
 * the value arrives as the receiving realm's, as it would from any channel, with nothing of it changed.
 */
function sameIntrinsic(protoA: object | null, protoB: object | null): boolean {
  const a = nativeConstructor(protoA);
  return a !== undefined && a === nativeConstructor(protoB);
}

/** The name of a prototype's own constructor when the engine made it (`function Array() { [native code] }`). */
function nativeConstructor(proto: object | null): string | undefined {
  if (proto === null) return undefined;
  const constructor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as unknown;
  if (typeof constructor !== 'function') return undefined;
  const text = Function.prototype.toString.call(constructor);
  return /^function \w+\(\) \{\s*\[native code\]\s*\}$/.test(text) ? constructor.name : undefined;
}

function droppedProperty(key: string | symbol, descriptor: PropertyDescriptor): string {
  if (typeof key === 'symbol') return 'a symbol-keyed property is dropped';
  if (!descriptor.enumerable) return 'a non-enumerable property is dropped';
  if (!('value' in descriptor)) return 'an accessor (getter/setter) property is dropped';
  const value: unknown = descriptor.value;
  if (value === undefined) return 'a property set to undefined is dropped';
  if (typeof value === 'object' && value !== null) {
    return `an own property holding ${article(describeValueType(value))} is dropped`;
  }
  return `a property holding ${show(value)} is dropped`;
}

/** A value as a warning names it: `undefined`, `NaN`, `-0`, `function twice`, `the string "a"`. */
function show(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return describeValueType(value);
    case 'object':
      return value === null ? 'null' : shape(value);
    default:
      return String(value);
  }
}

/** An arrived object's look: `{}`, `{ type, data }`, `{ 0, 1, 2, … }`, or its type. */
function shape(value: object): string {
  if (safePrototype(value) !== Object.prototype) return article(describeValueType(value));
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  return `{ ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''} }`;
}

function article(type: string): string {
  return `${/^[AEIO]/i.test(type) ? 'an' : 'a'} ${type}`;
}

function byteLength(value: ArrayBufferView | ArrayBuffer): number {
  return value.byteLength;
}

function safePrototype(value: object): object | null {
  try {
    return Object.getPrototypeOf(value) as object | null;
  } catch {
    return null;
  }
}

function readGetter(descriptor: PropertyDescriptor, holder: object): unknown {
  try {
    return descriptor.get?.call(holder);
  } catch {
    return undefined;
  }
}
