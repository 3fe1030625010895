import { compactHeaderLength, readCompactHeader, writeCompactHeader } from './compact-header';

/** Payloads at least this large move between threads by transfer, in a message of their own. */
const TRANSFER_MIN_BYTES = 64 * 1024;
/** Each packed frame: u32 frame length (header, padding, payload) | u32 header length, then the header. */
const FRAME_PREFIX = 8;
const align8 = (n: number): number => (n + 7) & ~7;

export type Post = (value: unknown, transfer: ArrayBuffer[]) => void;

interface Packed {
  message: object;
  headerLength: number;
  bytes: Uint8Array;
}

/**
 * Posts messages to or from a thread. A task or result with a compact header (./compact-header.ts) and a small
 * payload is packed with the others posted in the same turn into one Uint8Array of frames: one structured clone
 * of bytes instead of an object with its keys, strings and bigints, and one wake-up of the other thread for a
 * burst of tasks. Payloads are 8-byte aligned in it, as the graph picklers read them. Anything else is posted as
 * it is, after whatever is packed before it, its bytes in an ArrayBuffer of their own (posting a view clones the
 * whole buffer under it, a pooled one included), transferred when large.
 */
export class ThreadPoster {
  private packed: Packed[] = [];

  constructor(private readonly post: Post) {}

  send(message: object): void {
    const bytes = (message as { bytes?: unknown }).bytes;
    const headerLength =
      bytes instanceof Uint8Array && bytes.byteLength < TRANSFER_MIN_BYTES ? compactHeaderLength(message) : -1;
    if (headerLength < 0) {
      this.flush();
      this.post(...forPosting(message));
      return;
    }
    if (this.packed.length === 0) queueMicrotask(() => this.flush());
    this.packed.push({ message, headerLength, bytes: bytes as Uint8Array });
  }

  /** Posts what is packed so far. */
  flush(): void {
    if (this.packed.length === 0) return;
    const frames = this.packed;
    this.packed = [];
    let size = 0;
    for (const frame of frames) size += frameSize(frame);
    const out = Buffer.from(new ArrayBuffer(size));
    let at = 0;
    for (const frame of frames) {
      const payloadAt = at + FRAME_PREFIX + align8(frame.headerLength);
      out.writeUInt32LE(payloadAt - at - FRAME_PREFIX + frame.bytes.byteLength, at);
      out.writeUInt32LE(frame.headerLength, at + 4);
      writeCompactHeader(frame.message, out, at + FRAME_PREFIX);
      out.set(frame.bytes, payloadAt);
      at += frameSize(frame);
    }
    this.post(new Uint8Array(out.buffer), []);
  }
}

function frameSize({ headerLength, bytes }: Packed): number {
  return FRAME_PREFIX + align8(headerLength) + align8(bytes.byteLength);
}

/** Calls `deliver` with each message of what a ThreadPoster posted, in order. */
export function unpack<M>(posted: unknown, deliver: (message: M) => void): void {
  if (!(posted instanceof Uint8Array)) return deliver(posted as M);
  const all = Buffer.from(posted.buffer, posted.byteOffset, posted.byteLength);
  for (let at = 0; at + FRAME_PREFIX <= all.byteLength;) {
    const frameLength = all.readUInt32LE(at);
    const headerLength = all.readUInt32LE(at + 4);
    const headerAt = at + FRAME_PREFIX;
    const payloadAt = headerAt + align8(headerLength);
    const end = headerAt + frameLength;
    const message = readCompactHeader(all.subarray(headerAt, headerAt + headerLength), all.subarray(payloadAt, end));
    if (!message) throw new Error('corrupt thread message: a packed frame has no compact header');
    deliver(message as M);
    at = align8(end);
  }
}

/**
 * A message to post to or from a thread, its bytes in an ArrayBuffer of their own, with that buffer in the
 * transfer list when it is large.
 */
function forPosting<M extends object>(message: M): [M, ArrayBuffer[]] {
  const carried = (message as { bytes?: Uint8Array }).bytes;
  if (!carried) return [message, []];
  const bytes = ownedBuffer(carried);
  const posted = bytes === carried ? message : { ...message, bytes };
  return [posted, bytes.byteLength >= TRANSFER_MIN_BYTES ? [bytes.buffer as ArrayBuffer] : []];
}

/** Bytes in an ArrayBuffer of their own, so the buffer can be posted or transferred without others' memory. */
function ownedBuffer(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  if (whole && bytes.buffer instanceof ArrayBuffer) return bytes;
  return new Uint8Array(bytes);
}
