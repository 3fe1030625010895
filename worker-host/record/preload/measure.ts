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
 * Undefined when the value cannot be serialized aside (a MessagePort, a transferred handle).
 */
export function measureAside(value: unknown, format: WireFormat, readBack: boolean): AsideMeasure | undefined {
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
    const buffer = serialize(value);
    const start = now();
    if (readBack) deserialize(buffer);
    const deserializeMs = readBack ? now() - start : undefined;
    const bytes = buffer.length;
    return {
      bytes,
      deserializeMs,
      hash: bytes >= HASHED_FROM ? lazyCrypto().createHash('sha1').update(buffer).digest('hex') : null,
    };
  } catch {
    return undefined;
  }
}
