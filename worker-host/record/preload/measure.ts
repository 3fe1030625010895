import { lazyCrypto, lazyV8 } from './lazy-modules';
import type { WireFormat } from './channels';
import { now } from './clock';

/** A message serialized aside, as its channel would: its size, the bytes' hash and the time to read it back. */
export interface AsideMeasure {
  bytes: number;
  /** Undefined when the message was not read back this time. */
  deserializeMs: number | undefined;
  hash: string | null;
}

const HASHED_FROM = 64 * 1024;

/**
 * Serializes `value` aside the way `format` does and reads it back, for the size and an estimate of the
 * receiving side's deserialize time.
 * For postMessage, what it writes as a reference is written so here too: a MessagePort (or other handle) the
 * transfer list moves, and shared memory (a SharedArrayBuffer or a view of one); such a message is not read back.
 * Undefined when the value cannot be serialized aside.
 */
export function measureAside(
  value: unknown,
  format: WireFormat,
  readBack: boolean,
  transfer?: readonly unknown[],
): AsideMeasure | undefined {
  try {
    if (format === 'json') {
      const text = JSON.stringify(value) ?? 'null';
      const start = now();
      if (readBack) JSON.parse(text);
      const deserializeMs = readBack ? now() - start : undefined;
      const bytes = Buffer.byteLength(text) + 1;
      return {
        bytes,
        deserializeMs,
        hash: bytes >= HASHED_FROM ? lazyCrypto().createHash('sha1').update(text).digest('hex') : null,
      };
    }
    const { serialize, deserialize } = lazyV8();
    // An IPC channel's 'advanced' serialization is v8's own, with no transfer list and no shared memory.
    const aside =
      format === 'advanced'
        ? { buffer: serialize(value), references: false }
        : serializeLikePostMessage(value, transfer ?? []);
    if (aside.references) return measured(aside.buffer, undefined);
    const start = now();
    if (readBack) deserialize(aside.buffer);
    const deserializeMs = readBack ? now() - start : undefined;
    return measured(aside.buffer, deserializeMs);
  } catch {
    return undefined;
  }
}

function measured(buffer: Buffer, deserializeMs: number | undefined): AsideMeasure {
  const bytes = buffer.length;
  return {
    bytes,
    deserializeMs,
    hash: bytes >= HASHED_FROM ? lazyCrypto().createHash('sha1').update(buffer).digest('hex') : null,
  };
}

interface HostObjectWriter {
  _writeHostObject(object: object): void;
}

interface PostMessageSerializer {
  references: boolean;
  writeHeader(): void;
  writeValue(value: unknown): boolean;
  releaseBuffer(): Buffer;
}

let postMessageSerializer: (new (transfer: readonly unknown[]) => PostMessageSerializer) | undefined;

/** Made once, on the first measured message (v8 is loaded lazily). */
function postMessageSerializerClass(): new (transfer: readonly unknown[]) => PostMessageSerializer {
  if (postMessageSerializer) return postMessageSerializer;
  const { DefaultSerializer } = lazyV8();
  // Node's typings leave out the host object hook that DefaultSerializer implements for typed arrays.
  const writeView = (DefaultSerializer.prototype as unknown as HostObjectWriter)._writeHostObject;
  postMessageSerializer = class extends DefaultSerializer implements HostObjectWriter {
    references = false;
    private readonly shared: SharedArrayBuffer[] = [];

    constructor(private readonly transfer: readonly unknown[]) {
      super();
    }

    _writeHostObject(object: object): void {
      const index = this.transfer.indexOf(object);
      const isShared = ArrayBuffer.isView(object) && object.buffer instanceof SharedArrayBuffer;
      if (index < 0 && !isShared) return writeView.call(this, object);
      this.references = true;
      return this.writeUint32(Math.max(0, index));
    }

    _getSharedArrayBufferId(buffer: SharedArrayBuffer): number {
      this.references = true;
      const known = this.shared.indexOf(buffer);
      return known >= 0 ? known : this.shared.push(buffer) - 1;
    }
  };
  return postMessageSerializer;
}

/**
 * v8 serialization as postMessage does it: a handle the transfer list moves and shared memory are written as
 * references, not as contents (`references` says whether any was).
 */
function serializeLikePostMessage(
  value: unknown,
  transfer: readonly unknown[],
): { buffer: Buffer; references: boolean } {
  const serializer = new (postMessageSerializerClass())(transfer);
  serializer.writeHeader();
  serializer.writeValue(value);
  return { buffer: serializer.releaseBuffer(), references: serializer.references };
}
