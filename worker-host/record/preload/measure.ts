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
 * A MessagePort (or other handle) in the transfer list is written as postMessage writes it, a reference to its
 * place in the list; such a message is not read back. Undefined when the value cannot be serialized aside.
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
    const handles = transfer?.some(isHandle) ? transfer : undefined;
    if (handles) return measured(serializeTransferring(value, handles), undefined);
    const buffer = serialize(value);
    const start = now();
    if (readBack) deserialize(buffer);
    const deserializeMs = readBack ? now() - start : undefined;
    return measured(buffer, deserializeMs);
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

/** A transferable that is not an ArrayBuffer: a MessagePort, a FileHandle… (moved, not written). */
function isHandle(item: unknown): boolean {
  return typeof item === 'object' && item !== null && !(item instanceof ArrayBuffer) && !ArrayBuffer.isView(item);
}

interface HostObjectWriter {
  _writeHostObject(object: object): void;
}

/**
 * v8 serialization as postMessage does it with a transfer list: a transferred handle (and a view of shared
 * memory) is written as a reference, not as contents.
 */
function serializeTransferring(value: unknown, transfer: readonly unknown[]): Buffer {
  const { DefaultSerializer } = lazyV8();
  // Node's typings leave out the host object hook that DefaultSerializer implements for typed arrays.
  const writeView = (DefaultSerializer.prototype as unknown as HostObjectWriter)._writeHostObject;
  class TransferringSerializer extends DefaultSerializer implements HostObjectWriter {
    _writeHostObject(object: object): void {
      const index = transfer.indexOf(object);
      if (index >= 0) return this.writeUint32(index);
      if (ArrayBuffer.isView(object) && object.buffer instanceof SharedArrayBuffer) return this.writeUint32(0);
      return writeView.call(this, object);
    }
  }
  const serializer = new TransferringSerializer();
  serializer.writeHeader();
  serializer.writeValue(value);
  return serializer.releaseBuffer();
}
