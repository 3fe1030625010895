import { constants } from 'node:buffer';
import { PickleError } from '../errors';
import { forEachElement, namedArrayKeys, presentIndicesFrom } from './array-keys';
import { definitionOf, describeLocation } from './function-identity';
import { JSON_MAX_VIEW_ELEMENTS } from './thresholds';
import { childPath, childStep, mapKeyPath, mapValuePath, pathText, setValuePath, type LazyPath } from './value-path';
import { describeValueType } from './value-type';

export type LossyMode = 'json' | 'structured-clone';

/**
 * Whether `value` is plain data that `mode` delivers unchanged (apart from the typed arrays and Buffers put
 * in `views`, when given): primitives the format keeps, arrays without
 * holes or named keys, and plain objects of enumerable data properties (for json also: each object met once,
 * numbers finite). Anything else may change, and the caller then compares what really arrives. The json
 * mode also refuses, before any text is built, what JSON cannot hold (a Buffer of hundreds of MB).
 */
export function deliversUnchanged(
  value: unknown,
  path: string,
  mode: LossyMode,
  views?: [ArrayBufferView, LazyPath][],
): boolean {
  const json = mode === 'json';
  let unchanged = true;
  let jsonChars = 0;
  const seen = new Set<object>();
  const stack: [unknown, LazyPath][] = [[value, path]];
  while (stack.length > 0) {
    const [item, at] = stack.pop()!;
    if (!keptPrimitive(item, json)) {
      if (!json) return false;
      unchanged = false;
    }
    if (typeof item === 'string') jsonChars += item.length;
    if (typeof item !== 'object' || item === null) continue;
    if (seen.has(item)) {
      if (!json) continue;
      unchanged = false; // JSON writes a shared object twice and cannot write a cycle
      continue;
    }
    seen.add(item);
    if (ArrayBuffer.isView(item)) {
      if (!json && views) {
        views.push([item, at]); // its contents travel as they are; its type is looked at apart (see the caller)
        continue;
      }
      if (!json) return false;
      unchanged = false;
      jsonChars += refuseHugeView(item, at);
      continue;
    }
    // Children go on the stack last first, so parts are met in key order: a shared part is named by its first path.
    const children: [unknown, LazyPath][] = [];
    const proto = Object.getPrototypeOf(item) as object | null;
    if (Array.isArray(item) && proto === Array.prototype) {
      const length = item.length;
      jsonChars += length;
      for (let index = 0; index < length; index++) {
        const element: unknown = item[index];
        if (typeof element === 'number') {
          if (json && (!Number.isFinite(element) || Object.is(element, -0))) unchanged = false;
          continue;
        }
        if (element === undefined && !(index in item)) {
          if (!json) return false;
          unchanged = false; // a hole: JSON writes null
          for (const present of presentIndicesFrom(item, index)) children.push([item[present], childStep(at, present)]);
          break;
        }
        if (typeof element !== 'boolean') children.push([element, childStep(at, index)]);
      }
      if (namedArrayKeys(item).length > 0) {
        if (!json) return false;
        unchanged = false;
      }
      pushReversed(stack, children);
      continue;
    }
    if (proto !== Object.prototype) {
      if (!json) return false;
      unchanged = false;
    }
    for (const key of Reflect.ownKeys(item)) {
      const descriptor = Object.getOwnPropertyDescriptor(item, key)!;
      const plainKey = typeof key === 'string' && key !== '__proto__' && !(json && key === 'toJSON');
      if (!plainKey || !descriptor.enumerable || !('value' in descriptor)) {
        if (!json) return false;
        unchanged = false;
        continue;
      }
      jsonChars += key.length + 4;
      children.push([descriptor.value, childStep(at, key)]);
    }
    pushReversed(stack, children);
  }
  if (json && jsonChars > constants.MAX_STRING_LENGTH) {
    throw new PickleError(
      `Cannot serialize the value at ${path} with json: its JSON text would be about ${megabytes(jsonChars)} MB, ` +
        `longer than the longest string this Node.js can hold (${megabytes(constants.MAX_STRING_LENGTH)} MB).`,
      {
        path,
        valueType: describeValueType(value),
        hint: 'send less data per task, or use structured-clone or by-value',
      },
    );
  }
  return unchanged;
}

/** Primitives the format delivers as they are (json: no undefined, NaN, ±Infinity, -0, BigInt). */
function keptPrimitive(item: unknown, json: boolean): boolean {
  switch (typeof item) {
    case 'function':
    case 'symbol':
      return false;
    case 'undefined':
    case 'bigint':
      return !json;
    case 'number':
      return !json || (Number.isFinite(item) && !Object.is(item, -0));
    default:
      return true;
  }
}

/**
 * JSON writes a typed array or Buffer one number per element: refused, before building it, past a size JSON
 * cannot reach.
 */
function refuseHugeView(view: ArrayBufferView, at: LazyPath): number {
  const elements = 'length' in view ? (view as unknown as { length: number }).length : view.byteLength;
  if (elements > JSON_MAX_VIEW_ELEMENTS) {
    const where = pathText(at);
    throw new PickleError(
      `Cannot serialize the ${describeValueType(view)} of ${megabytes(view.byteLength)} MB at ${where} with json: ` +
        'JSON writes ' +
        `every element as a number (about ${megabytes(elements * 3.6)} MB of text) and cannot carry more than ` +
        `${JSON_MAX_VIEW_ELEMENTS / 2 ** 20} Mi elements in one value.`,
      {
        path: where,
        valueType: describeValueType(view),
        hint: 'send it with structured-clone or by-value, or as a base64 string',
      },
    );
  }
  return elements * 4;
}

const megabytes = (n: number): string => (n / 1e6).toFixed(n < 1e7 ? 1 : 0);

/**
 * Where a value the format refused sits: the deepest part of it that the format still refuses on its own
 * (a function inside data, a BigInt under json, the object that closes a cycle). `refuses` is the format itself.
 */
export function refusalAt(
  value: unknown,
  path: string,
  mode: LossyMode,
  refuses: (part: unknown) => unknown,
  error: unknown,
): PickleError {
  // Depth first through the parts that are refused alone, to one none of whose parts is refused: the function
  // or BigInt itself. A cycle has no such part under JSON; its deepest refused object (the one closing it) is named.
  const seen = new Set<unknown>([value]);
  let found: [unknown, string, unknown] | undefined;
  let deadEnd: [unknown, string, unknown] | undefined;
  const search = (part: unknown, at: string, why: unknown): boolean => {
    let refusedParts = 0;
    for (const [child, childAt] of childrenOf(part, at)) {
      const refusal = refuses(child);
      if (refusal === undefined) continue;
      refusedParts++;
      if (seen.has(child)) continue;
      seen.add(child);
      if (search(child, childAt, refusal)) return true;
    }
    if (refusedParts === 0) found = [part, at, why];
    else deadEnd ??= [part, at, why];
    return refusedParts === 0;
  };
  search(value, path, error);
  const [culprit, at, reason] = found ?? deadEnd ?? [value, path, error];
  const location = typeof culprit === 'function' ? definitionOf(culprit) : undefined;
  const valueType = describeValueType(culprit);
  const said = oneLine(reason instanceof Error ? reason.message : String(reason));
  const text = (defined: string) => `Cannot serialize ${valueType} at ${at} with ${mode}${defined}: ${said}`;
  return new PickleError(text(describeLocation(location)), {
    summary: text(''),
    path: at,
    valueType,
    location,
    hint:
      mode === 'json'
        ? 'use structured-clone or by-value, which carry it, or send what JSON can write'
        : 'use by-value, which carries it, or by-reference with an exported function',
    cause: reason,
  });
}

function childrenOf(value: unknown, at: string): [unknown, string][] {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return [];
  const children: [unknown, string][] = [];
  if (value instanceof Map) {
    let index = 0;
    for (const [key, item] of value) {
      children.push([key, mapKeyPath(at, index)], [item, mapValuePath(at, key, index++)]);
    }
    return children;
  }
  if (value instanceof Set) {
    let index = 0;
    for (const item of value) children.push([item, setValuePath(at, index++)]);
    return children;
  }
  if (Array.isArray(value)) forEachElement(value, (item, index) => children.push([item, childPath(at, index)]));
  const keys = Array.isArray(value) ? namedArrayKeys(value) : Object.getOwnPropertyNames(value);
  for (const key of keys) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor) continue;
    let item: unknown = descriptor.value;
    if (!('value' in descriptor)) {
      try {
        item = descriptor.get?.call(value);
      } catch {
        continue;
      }
    }
    children.push([item, childPath(at, key)]);
  }
  return children;
}

/** The channel's own words on one line, a function's source in them cut short. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function pushReversed<T>(stack: T[], items: readonly T[]): void {
  for (let index = items.length - 1; index >= 0; index--) stack.push(items[index]!);
}
