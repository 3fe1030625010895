import { MessagePort } from 'node:worker_threads';
import { forEachElement, namedArrayKeys } from './array-keys';
import { MARK } from './markers';
import { NUMERIC_BLOCK_MIN_LENGTH } from './thresholds';

/** Prototypes whose instances v8 serialization carries exactly (with their prototype). */
const V8_PROTOTYPES = new Set<object | null>([
  Array.prototype,
  Object.prototype,
  Map.prototype,
  Set.prototype,
  Date.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  SharedArrayBuffer.prototype,
  DataView.prototype,
  Boolean.prototype,
  Number.prototype,
  String.prototype,
  BigInt.prototype,
  Int8Array.prototype,
  Uint8Array.prototype,
  Uint8ClampedArray.prototype,
  Int16Array.prototype,
  Uint16Array.prototype,
  Int32Array.prototype,
  Uint32Array.prototype,
  Float32Array.prototype,
  Float64Array.prototype,
  BigInt64Array.prototype,
  BigUint64Array.prototype,
]);

export function isV8Prototype(proto: object | null): boolean {
  return V8_PROTOTYPES.has(proto);
}

/** Built-ins no pickler can carry. */
export const UNSUPPORTED_PROTOTYPES = new Map<object, string>([
  [WeakMap.prototype, 'WeakMap'],
  [WeakSet.prototype, 'WeakSet'],
  [WeakRef.prototype, 'WeakRef'],
  [Promise.prototype, 'Promise'],
  [Object.getPrototypeOf(function* () {}).prototype as object, 'Generator'],
  [Object.getPrototypeOf(async function* () {}).prototype as object, 'AsyncGenerator'],
  [MessagePort.prototype, 'MessagePort'],
]);

/** What to do instead, for the unsupported built-ins where there is something to say. */
export const UNSUPPORTED_HINTS = new Map<string, string>([
  [
    'MessagePort',
    "a port is moved in a transfer list, never copied (postMessage(value, [port]), piscina's run(task, { transferList: [port] })): profile the function with plain data in its place",
  ],
]);

/** Whether `value` is an array of numbers long enough for a raw block, and which kind. */
export function numericBlockKind(value: unknown[]): 'int32' | 'float64' | undefined {
  const length = value.length;
  if (length < NUMERIC_BLOCK_MIN_LENGTH) return undefined;
  let int32 = true;
  for (let index = 0; index < length; index++) {
    const item = value[index];
    if (typeof item !== 'number') return undefined;
    if (int32 && ((item | 0) !== item || (item === 0 && 1 / item < 0))) int32 = false;
  }
  return int32 ? 'int32' : 'float64';
}

export function fromNumericBlock(block: Int32Array | Float64Array): number[] {
  const length = block.length;
  // Integers go straight into the new array; doubles first need it to hold doubles, or it would be copied
  // when the first one arrives.
  const out = block instanceof Int32Array ? new Array<number>(length) : new Array<number>(length).fill(0.5);
  for (let index = 0; index < length; index++) out[index] = block[index]!;
  return out;
}

/**
 * True when v8 serialization alone carries `value` exactly: no functions, symbols, class instances,
 * accessors, hidden or symbol keys, marker-like keys, and no array worth a numeric block.
 */
export function isPlainGraph(root: unknown): boolean {
  if (typeof root === 'function' || typeof root === 'symbol') return false;
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const proto = Object.getPrototypeOf(value) as object | null;
    if (!isV8Prototype(proto)) return false;
    if (Array.isArray(value)) {
      // A long array starting with a number may deserve a numeric block: the encoder decides.
      if (
        (value.length >= NUMERIC_BLOCK_MIN_LENGTH && typeof value[0] === 'number') ||
        namedArrayKeys(value).length > 0
      )
        return false;
      let carried = true;
      forEachElement(value, (item) => {
        if (carried && !pushed(stack, item)) carried = false;
      });
      if (!carried) return false;
    } else if (value instanceof Map) {
      for (const [key, item] of value) if (!pushed(stack, key) || !pushed(stack, item)) return false;
    } else if (value instanceof Set) {
      for (const item of value) if (!pushed(stack, item)) return false;
    } else if (proto === Object.prototype) {
      const keys = Reflect.ownKeys(value);
      for (const key of keys) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
        if (
          typeof key === 'symbol' ||
          key === MARK ||
          key === '__proto__' ||
          !descriptor.enumerable ||
          !('value' in descriptor)
        ) {
          return false;
        }
        if (!pushed(stack, descriptor.value)) return false;
      }
    } else if (droppedOwnKeys(value).length > 0) {
      // Dates, RegExps, boxed primitives and typed arrays with own properties: v8 drops those properties.
      return false;
    }
  }
  return true;
}

/** Stacks an object to visit; false for a function or symbol, which rules the graph out at once. */
function pushed(stack: unknown[], value: unknown): boolean {
  if (typeof value === 'object' && value !== null) stack.push(value);
  return typeof value !== 'function' && typeof value !== 'symbol';
}

/**
 * Own properties of a Date, RegExp, boxed primitive or typed array that v8 serialization would drop.
 * Typed arrays and ArrayBuffers are not searched (listing a large one's keys costs more than copying it):
 * properties added to them are a documented blind spot.
 */
export function droppedOwnKeys(value: object): (string | symbol)[] {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return [];
  return Reflect.ownKeys(value).filter((key) => {
    if (value instanceof String) return key !== 'length' && !(typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key));
    if (value instanceof RegExp && key === 'lastIndex') return value.lastIndex !== 0;
    return true;
  });
}
