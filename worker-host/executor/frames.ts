import { deserialize, serialize } from 'node:v8';
import type { Readable, Writable } from 'node:stream';
import { compactHeaderLength, readCompactHeader, writeCompactHeader } from './compact-header';

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
const EMPTY = Buffer.alloc(0);

/**
 * The child's file descriptors for framed messages: its answers on one, its tasks on another, each one way. A
 * worker that dies with tasks unread on a two-way socket resets it, and the parent could lose answers the
 * worker had sent before; a one-way pipe of answers always ends with all of them. The IPC channel only tells
 * liveness.
 */
export const ANSWER_FD = 3;
export const TASK_FD = 6;

/** Puts a message's payload somewhere other than the pipe (the side file) when it can; false when it cannot. */
export type PayloadDetour = (id: number, payload: Uint8Array) => boolean;
/** Reads the `length` bytes of a payload sent by detour. */
export type DetourReader = (length: number) => Uint8Array;

/** Writes one frame; `writeHead` puts its `headLength` header bytes into the frame at the offset it is given. */
function writeFrame(
  stream: Writable,
  headLength: number,
  writeHead: (frame: Buffer, at: number) => void,
  payload?: Uint8Array,
  payloadSentByDetour = false,
): void {
  const payloadLength = payload?.byteLength ?? 0;
  if (payloadSentByDetour && payload) {
    const frame = Buffer.allocUnsafe(PREFIX + headLength);
    writePrefix(frame, (headLength | IN_SIDE_FILE) >>> 0, payloadLength);
    writeHead(frame, PREFIX);
    stream.write(frame);
    return;
  }
  const bodyStart = PREFIX + (payloadLength > 0 ? align8(headLength) : headLength);
  if (payloadLength >= OWN_BUFFER_MIN_BYTES) {
    // A large payload is written as it is, after its prefix and header, in one writev.
    const front = Buffer.alloc(bodyStart);
    writePrefix(front, headLength, payloadLength);
    writeHead(front, PREFIX);
    stream.cork();
    stream.write(front);
    stream.write(payload);
    stream.uncork();
    return;
  }
  // A small frame is copied into one buffer: one write costs less than a writev of several pieces.
  const frame = Buffer.allocUnsafe(bodyStart + payloadLength);
  writePrefix(frame, headLength, payloadLength);
  writeHead(frame, PREFIX);
  if (payload && payloadLength > 0) {
    frame.fill(0, PREFIX + headLength, bodyStart);
    frame.set(payload, bodyStart);
  }
  stream.write(frame);
}

function writePrefix(frame: Buffer, headField: number, payloadLength: number): void {
  frame.writeUInt32LE(headField, 0);
  frame.writeUInt32LE(payloadLength, 4);
}

/**
 * Calls `onFrame` with the header and payload of every whole frame read from `stream`, however the bytes were
 * chunked. A frame that lies within one chunk, the usual case, is read in place: its header and payload are
 * views of the chunk.
 */
function readRawFrames(
  stream: Readable,
  onFrame: (head: Buffer, payload: Uint8Array) => void,
  readDetoured?: DetourReader,
): void {
  /** The bytes not read yet: chunks[0] from `offset` on, then the other chunks whole. */
  let chunks: Buffer[] = [];
  let offset = 0;
  let buffered = 0;
  let needed = PREFIX;
  let inFrame = false;
  let headLength = 0;
  let payloadLength = 0;
  let detoured = false;

  /** The first chunk, once the next `count` buffered bytes lie in it from `offset` on (joining chunks if not). */
  const contiguous = (count: number): Buffer => {
    if (count === 0) return EMPTY;
    let first = chunks[0] as Buffer;
    if (first.byteLength - offset < count) {
      first = Buffer.concat([first.subarray(offset), ...chunks.slice(1)], buffered);
      chunks = [first];
      offset = 0;
    }
    return first;
  };
  const consume = (count: number): void => {
    if (count === 0) return;
    offset += count;
    buffered -= count;
    if (offset === (chunks[0] as Buffer).byteLength) {
      chunks.shift();
      offset = 0;
    }
  };
  /** Copies the next `count` bytes into a fresh buffer (offset 0 of its own memory), keeping the rest. */
  const takeOwn = (count: number): Buffer => {
    const taken = Buffer.allocUnsafeSlow(count);
    let filled = 0;
    while (filled < count) {
      const chunk = chunks[0] as Buffer;
      const used = Math.min(chunk.byteLength - offset, count - filled);
      taken.set(chunk.subarray(offset, offset + used), filled);
      filled += used;
      consume(used);
    }
    return taken;
  };

  stream.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.byteLength;
    while (buffered >= needed) {
      if (!inFrame) {
        const first = contiguous(PREFIX);
        const headField = first.readUInt32LE(offset);
        payloadLength = first.readUInt32LE(offset + 4);
        consume(PREFIX);
        detoured = (headField & IN_SIDE_FILE) !== 0;
        headLength = (headField & ~IN_SIDE_FILE) >>> 0;
        needed = payloadLength > 0 && !detoured ? align8(headLength) + payloadLength : headLength;
        inFrame = true;
        continue;
      }
      const bodyLength = needed;
      inFrame = false;
      needed = PREFIX;
      if (detoured) {
        if (!readDetoured) throw new Error('a frame announced a payload in a side file, but this end has none');
        const head = contiguous(bodyLength).subarray(offset, offset + bodyLength);
        consume(bodyLength);
        onFrame(head, readDetoured(payloadLength));
        continue;
      }
      const payloadStart = payloadLength > 0 ? align8(headLength) : headLength;
      if (bodyLength >= OWN_BUFFER_MIN_BYTES) {
        const body = takeOwn(bodyLength);
        onFrame(body.subarray(0, headLength), body.subarray(payloadStart));
        continue;
      }
      const first = contiguous(bodyLength);
      const head = first.subarray(offset, offset + headLength);
      const payload = first.subarray(offset + payloadStart, offset + bodyLength);
      consume(bodyLength);
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
  const compactLength = compactHeaderLength(message);
  if (compactLength >= 0) {
    writeFrame(stream, compactLength, (frame, at) => writeCompactHeader(message, frame, at), bytes, detoured);
    return;
  }
  const { bytes: _payload, ...rest } = message as { bytes?: Uint8Array };
  const head = serialize({ message: rest, hasBytes: bytes !== undefined });
  writeFrame(stream, head.byteLength, (frame, at) => frame.set(head, at), bytes, detoured);
}

/**
 * Calls `onMessage` with every message read from `stream`. A frame whose header cannot be read back (V8
 * writes some graphs it cannot read, such as an error that is its own cause) goes to `onUnreadable`, and
 * reading goes on with the next frame; without `onUnreadable` it is thrown.
 */
export function readMessages<M>(
  stream: Readable,
  onMessage: (message: M) => void,
  readDetoured?: DetourReader,
  onUnreadable?: (error: Error) => void,
): void {
  readRawFrames(
    stream,
    (head, payload) => {
      const compact = readCompactHeader(head, payload);
      if (compact) return onMessage(compact as M);
      let header: { message: object; hasBytes: boolean };
      try {
        header = deserialize(head) as typeof header;
      } catch (error) {
        if (!onUnreadable) throw error;
        onUnreadable(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      onMessage((header.hasBytes ? { ...header.message, bytes: payload } : header.message) as M);
    },
    readDetoured,
  );
}
