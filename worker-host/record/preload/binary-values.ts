import { childPath } from '../../picklers/value-path';

/** An ArrayBuffer or a view on one, found inside a message, with its path. */
export interface BinaryValue {
  path: string;
  value: ArrayBuffer | ArrayBufferView;
  buffer: ArrayBuffer;
}

const MAX_VISITED = 5000;
const MAX_DEPTH = 8;

/** Where a container sits, kept as links: the path's text is built only for a binary value found there. */
interface Place {
  parent: Place | undefined;
  /** A key or index, or the text to append (a Map's or Set's `.values()[i]`). */
  key: string | number;
  appended: boolean;
}

function pathOf(place: Place | undefined): string {
  if (!place) return '';
  const parent = pathOf(place.parent);
  return place.appended ? `${parent}${place.key}` : childPath(parent, place.key);
}

/**
 * The binary values of a message within the first few thousand containers (a message that holds more is
 * looked at only that far: findings come from a sample, not a census). Only objects are visited.
 */
export function binaryValuesOf(value: unknown): BinaryValue[] {
  const found: BinaryValue[] = [];
  // Only binary values are remembered (one sent twice is still sent once); a shared or circular container
  // is walked again, as far as MAX_DEPTH and MAX_VISITED allow.
  const seen = new Set<object>();
  let visited = 0;
  const visit = (item: object, place: Place | undefined, depth: number): void => {
    if (visited++ >= MAX_VISITED) return;
    if (item instanceof ArrayBuffer || ArrayBuffer.isView(item)) {
      if (seen.has(item)) return;
      seen.add(item);
      const buffer = item instanceof ArrayBuffer ? item : item.buffer;
      if (buffer instanceof ArrayBuffer) found.push({ path: pathOf(place), value: item, buffer });
      return;
    }
    if (depth >= MAX_DEPTH) return;
    if (item instanceof Map || item instanceof Set) {
      let index = 0;
      for (const entry of item.values() as IterableIterator<unknown>) {
        if (typeof entry === 'object' && entry !== null)
          visit(entry, { parent: place, key: `.values()[${index}]`, appended: true }, depth + 1);
        index++;
      }
      return;
    }
    if (Array.isArray(item)) {
      for (let index = 0; index < item.length && visited < MAX_VISITED; index++) {
        const element: unknown = item[index];
        if (typeof element === 'object' && element !== null)
          visit(element, { parent: place, key: index, appended: false }, depth + 1);
      }
      return;
    }
    for (const key of Object.keys(item)) {
      const child = (item as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) visit(child, { parent: place, key, appended: false }, depth + 1);
    }
  };
  if (typeof value === 'object' && value !== null) visit(value, undefined, 0);
  return found;
}

/** ArrayBuffers named in a transfer list (views count for their buffer, as piscina's `move` does). */
export function transferredBuffers(transfer: readonly unknown[] | undefined): ArrayBuffer[] {
  if (!transfer) return [];
  const buffers: ArrayBuffer[] = [];
  for (const item of transfer) {
    if (item instanceof ArrayBuffer) buffers.push(item);
    else if (ArrayBuffer.isView(item) && item.buffer instanceof ArrayBuffer) buffers.push(item.buffer);
  }
  return buffers;
}
