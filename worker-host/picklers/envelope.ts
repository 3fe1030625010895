import { serialize } from 'node:v8';
import { PickleError } from '../errors';
import { POOLED_BELOW_BYTES } from './thresholds';
import { pathText, type LazyPath } from './value-path';

/**
 * The bytes of the graph picklers: a 16-byte header, raw numeric blocks (8-byte aligned, so the reader can
 * view them without copying), the v8-serialized graph, then a tail of primitives (./scalars.ts) if any.
 *   magic u32 | flags u32 | block count u32 | v8 length u32
 *   per block: kind u32 (1 Int32, 2 Float64) | length u32 (elements) ; padding to 8 ; block data ... ; v8 ; tail
 * Flags: 1 the graph has markers; 2 with 1, the v8 part is `[graph, dirty]`, dirty listing the containers the
 * decoder must walk; 4 no v8 part, the value is the tail's one primitive; 8 a task whose v8 part is its function
 * alone (`[encoded function, dirty]`), its arguments being the tail's primitives; 16 the same, but the tail is the
 * arguments' own v8 serialization (plain data, which v8 carries exactly).
 */
const MAGIC = 0x53504b31;
export const HAS_MARKERS = 1;
export const LISTS_DIRTY = 2;
export const SCALAR_VALUE = 4;
export const SCALAR_ARGUMENTS = 8;
export const PLAIN_ARGUMENTS = 16;

export type NumericBlock = Int32Array | Float64Array;

/** An array of numbers checked to fit a block, copied straight into the envelope when it is written. */
export interface NumericSource {
  kind: 'int32' | 'float64';
  values: readonly number[];
  /** Its length when checked: an array that changed since cannot be trusted to fit. */
  length: number;
  /** Where it is in the value, for the error if it changed. */
  path: LazyPath;
}

export interface Envelope {
  flags: number;
  blocks: NumericBlock[];
  /** The v8-serialized part, to be deserialized by the reader. */
  graph: Uint8Array;
  /** The primitives after the v8 part (./scalars.ts), empty for most payloads. */
  tail: Uint8Array;
}

const HEADER = 16;
const align8 = (n: number) => (n + 7) & ~7;

function putU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value;
  bytes[at + 1] = value >>> 8;
  bytes[at + 2] = value >>> 16;
  bytes[at + 3] = value >>> 24;
}

const u32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] as number) |
    ((bytes[at + 1] as number) << 8) |
    ((bytes[at + 2] as number) << 16) |
    ((bytes[at + 3] as number) << 24)) >>>
  0;

export interface EnvelopeParts {
  flags: number;
  blocks: NumericSource[];
  /** The graph to serialize, or its bytes serialized already. */
  graph?: unknown;
  graphBytes?: Uint8Array;
  /** Writes the tail into `bytes` at `offset` (its size given by tailSize). */
  tailSize?: number;
  writeTail?: (bytes: Uint8Array, offset: number) => void;
}

export function writeEnvelope({
  flags,
  graph,
  graphBytes,
  blocks,
  tailSize = 0,
  writeTail,
}: EnvelopeParts): Uint8Array {
  const payload = graphBytes ?? serialize(graph);
  const tableEnd = align8(HEADER + blocks.length * 8);
  let size = tableEnd;
  for (const block of blocks) size += align8(block.length * (block.kind === 'int32' ? 4 : 8));
  const total = size + payload.byteLength + tailSize;
  // A small envelope is a slice of Node's buffer pool (8-byte aligned): cheaper than memory of its own.
  const bytes = total < POOLED_BELOW_BYTES ? Buffer.allocUnsafe(total).fill(0) : new Uint8Array(total);
  putU32(bytes, 0, MAGIC);
  putU32(bytes, 4, flags);
  putU32(bytes, 8, blocks.length);
  putU32(bytes, 12, payload.byteLength);
  let offset = tableEnd;
  blocks.forEach((block, index) => {
    const int32 = block.kind === 'int32';
    putU32(bytes, HEADER + index * 8, int32 ? 1 : 2);
    putU32(bytes, HEADER + 4 + index * 8, block.length);
    const start = bytes.byteOffset + offset;
    const target = int32
      ? new Int32Array(bytes.buffer, start, block.length)
      : new Float64Array(bytes.buffer, start, block.length);
    target.set(checkedValues(block));
    offset += align8(target.byteLength);
  });
  bytes.set(payload, offset);
  writeTail?.(bytes, offset + payload.byteLength);
  return bytes;
}

/** A block's numbers; a source array that changed length since it was checked is refused. */
function checkedValues(block: NumericSource): readonly number[] {
  if (block.values.length !== block.length) {
    const at = pathText(block.path);
    throw new PickleError(
      `The array at ${at} changed length from ${block.length} to ${block.values.length} ` +
        'while it was being serialized ' +
        '(a getter or reducer serialized after it changed it).',
      {
        path: at,
        valueType: 'Array',
        hint: 'Make the value stop changing itself while it is serialized, or pass a copy.',
      },
    );
  }
  return block.values;
}

export function readEnvelope(input: Uint8Array): Envelope {
  // Views need 8-byte alignment of the underlying buffer; copy when the transport did not keep it.
  const bytes = input.byteOffset % 8 === 0 ? input : new Uint8Array(input); // a copy (Buffer#slice would not copy)
  if (bytes.byteLength < HEADER || u32(bytes, 0) !== MAGIC) {
    throw new Error('not a serialization-profiler graph payload (wrong pickler on the other side?)');
  }
  const flags = u32(bytes, 4);
  const count = u32(bytes, 8);
  const payloadLength = u32(bytes, 12);
  let offset = align8(HEADER + count * 8);
  const blocks: NumericBlock[] = [];
  for (let index = 0; index < count; index++) {
    const kind = u32(bytes, HEADER + index * 8);
    const length = u32(bytes, HEADER + 4 + index * 8);
    const start = bytes.byteOffset + offset;
    blocks.push(
      kind === 1 ? new Int32Array(bytes.buffer, start, length) : new Float64Array(bytes.buffer, start, length),
    );
    offset += align8(length * (kind === 1 ? 4 : 8));
  }
  if (offset + payloadLength > bytes.byteLength) throw new Error('corrupt payload: it ends before its v8 part');
  return {
    flags,
    blocks,
    graph: bytes.subarray(offset, offset + payloadLength),
    tail: bytes.subarray(offset + payloadLength),
  };
}
