import { childPath } from '../../picklers/value-path';

/** An ArrayBuffer or a view on one, found inside a message, with its path. */
export interface BinaryValue {
  path: string;
  value: ArrayBuffer | ArrayBufferView;
  buffer: ArrayBuffer;
}

const MAX_VISITED = 5000;
const MAX_DEPTH = 8;

/**
 * The binary values of a message within the first few thousand containers (a message that holds more is
 * looked at only that far: findings come from a sample, not a census).
 */
export function binaryValuesOf(value: unknown): BinaryValue[] {
  const found: BinaryValue[] = [];
  const seen = new Set<object>();
  const visit = (item: unknown, path: string, depth: number): void => {
    if (typeof item !== 'object' || item === null || seen.has(item) || seen.size >= MAX_VISITED) return;
    seen.add(item);
    if (item instanceof ArrayBuffer) {
      found.push({ path, value: item, buffer: item });
      return;
    }
    if (ArrayBuffer.isView(item)) {
      if (item.buffer instanceof ArrayBuffer) found.push({ path, value: item, buffer: item.buffer });
      return;
    }
    if (depth >= MAX_DEPTH) return;
    if (item instanceof Map) {
      let index = 0;
      for (const entry of item.values()) visit(entry, `${path}.values()[${index++}]`, depth + 1);
      return;
    }
    if (item instanceof Set) {
      let index = 0;
      for (const entry of item) visit(entry, `${path}.values()[${index++}]`, depth + 1);
      return;
    }
    if (Array.isArray(item)) {
      for (let index = 0; index < item.length && seen.size < MAX_VISITED; index++) {
        const element: unknown = item[index];
        if (typeof element === 'object' && element !== null) visit(element, childPath(path, index), depth + 1);
      }
      return;
    }
    for (const key of Object.keys(item)) visit((item as Record<string, unknown>)[key], childPath(path, key), depth + 1);
  };
  visit(value, '', 0);
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
