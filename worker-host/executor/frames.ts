import { deserialize, serialize } from 'node:v8';
import type { Readable, Writable } from 'node:stream';
import { compactHeader, readCompactHeader } from './compact-header';

/**
 * Binary framing for a child process's byte pipe: each message is
 * [u32 header length][u32 payload length][V8-serialized header][zeros up to 8-byte alignment][payload bytes].
 * The payload (a task's or result's bytes) is written as is, never re-encoded; a large one is read into a
 * buffer of its own at an 8-byte-aligned offset, so numeric blocks in it can be viewed without a copy.
 * When the header length has its top bit set, the payload is not on the pipe but at the start of the side
 * file (./side-file.ts), and the frame ends with the header.
 */
const PREFIX = 8;
const IN_SIDE_FILE = 0x80000000;
/** Bodies at least this large are assembled into a buffer of their own (never a slice of Node's pool). */
const OWN_BUFFER_MIN_BYTES = 64 * 1024;
const align8 = (n: number): number => (n + 7) & ~7;

/** The child's file descriptor for framed messages; the IPC channel only tells liveness. */
export const FRAME_FD = 3;

/** Puts a message's payload somewhere other than the pipe (the side file) when it can; false when it cannot. */
export type PayloadDetour = (id: number, payload: Uint8Array) => boolean;
/** Reads the `length` bytes of a payload sent by detour. */
export type DetourReader = (length: number) => Uint8Array;

function writeRawFrame(stream: Writable, head: Uint8Array, payload?: Uint8Array, payloadSentByDetour = false): void {
  if (payloadSentByDetour && payload) {
    const frame = Buffer.allocUnsafe(PREFIX + head.byteLength);
    writePrefix(frame, head, payload.byteLength);
    frame.writeUInt32LE((head.byteLength | IN_SIDE_FILE) >>> 0, 0);
    stream.write(frame);
    return;
  }
  const payloadLength = payload?.byteLength ?? 0;
  const bodyStart = PREFIX + (payloadLength > 0 ? align8(head.byteLength) : head.byteLength);
  if (payloadLength >= OWN_BUFFER_MIN_BYTES) {
    // A large payload is written as it is, after its prefix and header, in one writev.
    const front = Buffer.alloc(bodyStart);
    writePrefix(front, head, payloadLength);
    stream.cork();
    stream.write(front);
    stream.write(payload);
    stream.uncork();
    return;
  }
  // A small frame is copied into one buffer: one write costs less than a writev of several pieces.
  const frame = Buffer.allocUnsafe(bodyStart + payloadLength);
  writePrefix(frame, head, payloadLength);
  if (payload && payloadLength > 0) {
    frame.fill(0, PREFIX + head.byteLength, bodyStart);
    frame.set(payload, bodyStart);
  }
  stream.write(frame);
}

function writePrefix(frame: Buffer, head: Uint8Array, payloadLength: number): void {
  frame.writeUInt32LE(head.byteLength, 0);
  frame.writeUInt32LE(payloadLength, 4);
  frame.set(head, PREFIX);
}

/** Calls `onFrame` with the header and payload of every whole frame read from `stream`, however the bytes were chunked. */
function readRawFrames(
  stream: Readable,
  onFrame: (head: Uint8Array, payload: Uint8Array) => void,
  readDetoured?: DetourReader,
): void {
  let chunks: Buffer[] = [];
  let buffered = 0;
  let needed = PREFIX;
  let lengths: [number, number] | undefined;
  let detoured = false;

  const take = (count: number): Buffer => {
    if (count >= OWN_BUFFER_MIN_BYTES) return takeOwn(count);
    const whole = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, buffered);
    const taken = whole.subarray(0, count);
    const rest = whole.subarray(count);
    chunks = rest.byteLength > 0 ? [rest] : [];
    buffered = rest.byteLength;
    return taken;
  };
  /** Copies the first `count` bytes into a fresh buffer (offset 0 of its own memory), keeping the rest. */
  const takeOwn = (count: number): Buffer => {
    const taken = Buffer.allocUnsafeSlow(count);
    let filled = 0;
    while (filled < count) {
      const chunk = chunks[0] as Buffer;
      const used = Math.min(chunk.byteLength, count - filled);
      taken.set(used === chunk.byteLength ? chunk : chunk.subarray(0, used), filled);
      filled += used;
      if (used === chunk.byteLength) chunks.shift();
      else chunks[0] = chunk.subarray(used);
    }
    buffered -= count;
    return taken;
  };

  stream.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.byteLength;
    while (buffered >= needed) {
      if (!lengths) {
        const prefix = take(PREFIX);
        const headField = prefix.readUInt32LE(0);
        detoured = (headField & IN_SIDE_FILE) !== 0;
        lengths = [headField & ~IN_SIDE_FILE, prefix.readUInt32LE(4)];
        needed = lengths[1] > 0 && !detoured ? align8(lengths[0]) + lengths[1] : lengths[0];
        continue;
      }
      if (detoured) {
        if (!readDetoured) throw new Error('a frame announced a payload in a side file, but this end has none');
        const head = take(needed);
        const payload = readDetoured(lengths[1]);
        lengths = undefined;
        needed = PREFIX;
        onFrame(head, payload);
        continue;
      }
      const body = take(needed);
      const head = body.subarray(0, lengths[0]);
      const payload = lengths[1] > 0 ? body.subarray(align8(lengths[0])) : body.subarray(lengths[0]);
      lengths = undefined;
      needed = PREFIX;
      onFrame(head, payload);
    }
  });
}

/**
 * A message with its `bytes` carried as the frame's payload rather than inside the header; through `detour`
 * instead of the pipe when it takes them.
 */
export function writeMessage(stream: Writable, message: object, detour?: PayloadDetour): void {
  const { bytes, id } = message as { bytes?: Uint8Array; id?: unknown };
  const detoured = detour !== undefined && bytes !== undefined && typeof id === 'number' && detour(id, bytes);
  const compact = compactHeader(message);
  if (compact) return writeRawFrame(stream, compact, bytes, detoured);
  const { bytes: _payload, ...rest } = message as { bytes?: Uint8Array };
  writeRawFrame(stream, serialize({ message: rest, hasBytes: bytes !== undefined }), bytes, detoured);
}

export function readMessages<M>(stream: Readable, onMessage: (message: M) => void, readDetoured?: DetourReader): void {
  readRawFrames(stream, (head, payload) => {
    const compact = readCompactHeader(head, payload);
    if (compact) return onMessage(compact as M);
    const header = deserialize(head) as { message: object; hasBytes: boolean };
    onMessage((header.hasBytes ? { ...header.message, bytes: payload } : header.message) as M);
  }, readDetoured);
}
