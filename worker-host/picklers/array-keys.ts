import { inspect } from 'node:util';
import { NAMED_KEYS_LISTED_UP_TO } from './thresholds';

const INDEX = /^(0|[1-9]\d*)$/;
const BARE = { maxArrayLength: 0, depth: 0, customInspect: false, showHidden: false } as const;

/**
 * The enumerable non-index keys of an array (`Object.assign([1, 2], { total: 3 })` has `total`). Listing the
 * keys of a long array builds a string per index (0.5 s for 10⁶ elements); above NAMED_KEYS_LISTED_UP_TO a
 * plain array is first asked, in constant time, whether it has any: util.inspect with no elements shown prints
 * exactly `[ ... n more items ]` for an array that has none.
 */
export function namedArrayKeys(array: readonly unknown[]): string[] {
  const length = array.length;
  if (length > NAMED_KEYS_LISTED_UP_TO && Object.getPrototypeOf(array) === Array.prototype) {
    if (inspect(array, BARE) === `[ ... ${length} more items ]`) return [];
  }
  const keys = Object.keys(array);
  if (keys.length === 0 || INDEX.test(keys[keys.length - 1]!)) return [];
  return keys.filter((key) => !INDEX.test(key));
}

/**
 * The indices at or after `from` that hold an element, for an array found to have a hole there: its own keys,
 * which for a sparse array (`new Array(1e9)`) cost what it holds, not its length.
 */
export function presentIndicesFrom(array: readonly unknown[], from: number): number[] {
  const indices: number[] = [];
  for (const key of Object.keys(array)) {
    if (!INDEX.test(key)) continue;
    const index = Number(key);
    if (index >= from) indices.push(index);
  }
  return indices;
}

/**
 * Calls `visit` with every index of `array` that holds an element, in order: by index while the array is
 * dense, by its own keys from its first hole on (so a sparse array is never walked by its length).
 */
export function forEachElement(array: readonly unknown[], visit: (item: unknown, index: number) => void): void {
  const length = array.length;
  for (let index = 0; index < length; index++) {
    const item = array[index];
    if (item === undefined && !(index in array)) {
      for (const present of presentIndicesFrom(array, index)) visit(array[present], present);
      return;
    }
    visit(item, index);
  }
}
