import { PickleError } from '../errors';
import type { ValueWarning } from '../protocol/report';
import { definitionOf, describeLocation } from './function-identity';
import { droppedOwnKeys, isV8Prototype, UNSUPPORTED_PROTOTYPES } from './plain-data';
import { childPath, mapKeyPath, mapValuePath, setValuePath } from './value-path';
import { describeValueType } from './value-type';

export type LossyMode = 'json' | 'structured-clone';

const MAX_WARNINGS = 50;

/**
 * Walks data about to travel through JSON (flatted) or v8 structured clone and says what will arrive
 * differently: a warning per changed value, a PickleError for a value the format refuses. Nothing changes
 * silently. The walk does not change the value.
 */
export function checkLoss(value: unknown, path: string, mode: LossyMode, warnings: ValueWarning[] | undefined): void {
  const found: ValueWarning[] = [];
  let dropped = 0;
  const warn = (at: string, message: string) => {
    if (found.length < MAX_WARNINGS) found.push({ path: at, message });
    else dropped++;
  };
  const seen = new Set<object>();
  const visit = (item: unknown, at: string, inArray: boolean): void => {
    switch (typeof item) {
      case 'function': {
        const location = definitionOf(item);
        throw new PickleError(
          `Cannot serialize ${describeValueType(item)} at ${at} with ${mode}${describeLocation(location)}: ` +
            `${mode} carries no functions inside data.`,
          { path: at, valueType: describeValueType(item), location, hint: 'use by-value, or by-reference with an exported function' },
        );
      }
      case 'symbol':
        if (mode === 'structured-clone') {
          throw new PickleError(`Cannot serialize the symbol at ${at} with structured-clone.`, { path: at, valueType: 'symbol' });
        }
        warn(at, inArray ? 'a symbol becomes null' : 'a symbol-valued property is dropped');
        return;
      case 'bigint':
        if (mode === 'json') {
          throw new PickleError(`Cannot serialize the BigInt ${item}n at ${at} with json: JSON has no BigInt.`, {
            path: at,
            valueType: 'bigint',
            hint: 'convert it to a string, or use by-value or structured-clone',
          });
        }
        return;
      case 'undefined':
        if (mode === 'json') warn(at, inArray ? 'undefined becomes null' : 'a property set to undefined is dropped');
        return;
      case 'number':
        if (mode === 'json' && !Number.isFinite(item)) warn(at, `${item} becomes null`);
        else if (mode === 'json' && Object.is(item, -0)) warn(at, '-0 becomes 0');
        return;
      case 'object':
        if (item === null || seen.has(item)) return;
        seen.add(item);
        visitObject(item, at);
        return;
      default:
        return;
    }
  };
  const visitObject = (item: object, at: string): void => {
    const proto = Object.getPrototypeOf(item) as object | null;
    const unsupported = proto && UNSUPPORTED_PROTOTYPES.get(proto);
    if (unsupported) {
      if (mode === 'structured-clone') {
        throw new PickleError(`Cannot serialize the ${unsupported} at ${at} with structured-clone.`, { path: at, valueType: unsupported });
      }
      warn(at, `the ${unsupported} becomes {}`);
      return;
    }
    if (mode === 'json' && typeof (item as { toJSON?: unknown }).toJSON === 'function') {
      warn(at, `the ${describeValueType(item)} is replaced by what its toJSON() returns`);
      return;
    }
    if (Array.isArray(item)) {
      for (let index = 0; index < item.length; index++) {
        const element: unknown = item[index];
        // Most elements need no look and no path: skip them without building one.
        if (typeof element === 'string' || typeof element === 'boolean') continue;
        if (typeof element === 'number' && (mode === 'structured-clone' || (Number.isFinite(element) && !Object.is(element, -0)))) continue;
        if (element !== undefined || index in item) visit(element, childPath(at, index), true);
        else if (mode === 'json') warn(childPath(at, index), 'an array hole becomes null');
      }
      return;
    }
    if (item instanceof Map || item instanceof Set) {
      if (mode === 'json') {
        warn(at, `the ${describeValueType(item)} becomes {} (its ${item.size} entries are lost)`);
        return;
      }
      let index = 0;
      if (item instanceof Map) {
        for (const [key, entry] of item) {
          visit(key, mapKeyPath(at, index), true);
          visit(entry, mapValuePath(at, key, index++), true);
        }
      } else {
        for (const entry of item) visit(entry, setValuePath(at, index++), true);
      }
      if (proto !== Map.prototype && proto !== Set.prototype) warn(at, `the ${describeValueType(item)} loses its prototype`);
      return;
    }
    if (proto === null) warn(at, 'an object with a null prototype arrives with Object.prototype');
    else if (Buffer.isBuffer(item)) warn(at, mode === 'json' ? 'the Buffer becomes an object of its bytes' : 'the Buffer arrives as a Uint8Array');
    else if (ArrayBuffer.isView(item) || item instanceof ArrayBuffer) {
      if (mode === 'json') warn(at, `the ${describeValueType(item)} becomes ${item instanceof ArrayBuffer ? '{}' : 'an object of its elements'}`);
      return;
    } else if (isV8Prototype(proto) && proto !== Object.prototype) {
      if (mode === 'json') {
        warn(at, `the ${describeValueType(item)} becomes ${item instanceof RegExp ? '{}' : 'its primitive value'}`);
      } else if (droppedOwnKeys(item).length > 0) {
        warn(at, `the own properties of this ${describeValueType(item)} are dropped`);
      }
      return;
    } else if (proto !== Object.prototype && !(item instanceof Error && mode === 'structured-clone' && isBuiltinError(proto))) {
      warn(at, `the ${describeValueType(item)} instance loses its prototype (arrives as a plain object)`);
    }
    for (const key of Reflect.ownKeys(item)) {
      const keyPath = childPath(at, key);
      const descriptor = Object.getOwnPropertyDescriptor(item, key)!;
      if (typeof key === 'symbol') {
        warn(keyPath, 'a symbol-keyed property is dropped');
        continue;
      }
      const clonedError = item instanceof Error && mode === 'structured-clone' && isBuiltinError(proto!);
      if (!descriptor.enumerable) {
        if (!clonedError) warn(keyPath, 'a non-enumerable property is dropped');
        continue;
      }
      if (clonedError) {
        warn(keyPath, 'an own property of an Error is dropped (only name, message and stack travel)');
        continue;
      }
      if (!('value' in descriptor)) {
        warn(keyPath, 'an accessor (getter/setter) property travels as its current value');
        visit(descriptor.get?.call(item), keyPath, false);
        continue;
      }
      visit(descriptor.value, keyPath, false);
    }
  };
  try {
    visit(value, path, false);
  } finally {
    if (dropped > 0) found.push({ path, message: `and ${dropped} more changes like these` });
    warnings?.push(...found);
  }
}

function isBuiltinError(proto: object): boolean {
  return [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError].some((error) => error.prototype === proto);
}
