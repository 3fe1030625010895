import { PickleError } from '../errors';
import type { ValueWarning } from '../protocol/report';
import { deliveryDifferences } from './delivery-differences';
import { referenceTo } from './function-reference';
import { resolveReference } from './import-resolution';
import { deliversUnchanged, refusalAt, type LossyMode } from './loss-walk';
import type { FunctionMarker } from './markers';
import type { DumpOptions, LoadOptions, Pickler } from './pickler';
import { pathText, rootPath, type LazyPath } from './value-path';

export interface Envelope {
  /** The task's function as a reference (json and structured-clone carry no code). */
  fn?: FunctionMarker;
  /** The task's arguments, or the whole value for any other root. */
  data: unknown;
}

/** The real channel: the very serializer the mode models, and its inverse. */
export interface Channel {
  encode(envelope: Envelope): Uint8Array;
  decode(bytes: Uint8Array): Envelope;
}

/**
 * The common shape of json and structured-clone: a task's top-level function travels by reference (as
 * piscina names a file and an export); everything else goes through the real channel as it is. What the
 * receiver gets differently is found by decoding the bytes sent and comparing (skipped for plain data, which
 * both channels deliver unchanged); a value the channel refuses is reported at its path.
 */
export function lossyPickler(mode: LossyMode, channel: Channel): Pickler {
  const refuses = (part: unknown): unknown => {
    try {
      channel.encode({ data: part });
      return undefined;
    } catch (error) {
      return error;
    }
  };
  const send = (envelope: Envelope, path: string, warnings: ValueWarning[] | undefined): Uint8Array => {
    const views: [ArrayBufferView, LazyPath][] = [];
    const unchanged = deliversUnchanged(envelope.data, path, mode, mode === 'structured-clone' ? views : undefined);
    let bytes: Uint8Array;
    try {
      bytes = channel.encode(envelope);
    } catch (error) {
      throw refusalAt(envelope.data, path, mode, refuses, error);
    }
    if (!warnings) return bytes;
    if (!unchanged) {
      warnings.push(...deliveryDifferences(envelope.data, channel.decode(bytes).data, path));
    } else {
      // A typed array or Buffer arrives as the channel makes it whatever its bytes: an empty one of the same
      // class tells, without decoding megabytes a second time.
      for (const [view, at] of views) {
        const sample = emptyLike(view);
        const arrived = channel.decode(channel.encode({ data: sample })).data;
        warnings.push(...deliveryDifferences(sample, arrived, pathText(at)));
      }
    }
    return bytes;
  };
  return {
    name: mode,
    dumps(value: unknown, options: DumpOptions = {}) {
      if (options.root === 'task' && isTask(value)) {
        const fn = typeof value.fn === 'function' ? referenceTo(value.fn, 'fn') : undefined;
        return send({ fn, data: value.args }, 'args', options.warnings);
      }
      return send({ data: value }, rootPath(options.root), options.warnings);
    },
    loads(bytes: Uint8Array, options: LoadOptions = {}) {
      const envelope = channel.decode(bytes);
      if (options.root === 'task' && envelope.fn) {
        return resolveReference(envelope.fn as never, 'fn').then((fn) => ({ fn, args: envelope.data }));
      }
      return options.root === 'task' ? { fn: undefined, args: envelope.data } : envelope.data;
    },
  };
}

const VIEW_CLASSES = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as const;

/** An empty view of the same built-in kind and prototype as `view` (a Buffer stays a Buffer), no constructor run. */
function emptyLike(view: ArrayBufferView): ArrayBufferView {
  const proto = Object.getPrototypeOf(view) as object;
  const Kind = VIEW_CLASSES.find((candidate) => view instanceof candidate) ?? Uint8Array;
  const empty = view instanceof DataView ? new DataView(new ArrayBuffer(0)) : new Kind(0);
  return Object.setPrototypeOf(empty, proto) as ArrayBufferView;
}

function isTask(value: unknown): value is { fn: unknown; args: unknown } {
  return typeof value === 'object' && value !== null && 'fn' in value && 'args' in value;
}

export { PickleError };
export type { ValueWarning };
