import { PickleError } from '../errors';
import type { ValueWarning } from '../protocol/report';
import { referenceTo } from './function-reference';
import { resolveReference } from './import-resolution';
import { checkLoss, type LossyMode } from './loss-walk';
import type { FunctionMarker } from './markers';
import type { DumpOptions, LoadOptions, Pickler } from './pickler';
import { rootPath } from './value-path';

interface Envelope {
  /** The task's function as a reference (json and structured-clone carry no code). */
  fn?: FunctionMarker;
  /** The task's arguments, or the whole value for any other root. */
  data: unknown;
}

interface Format {
  encode(envelope: Envelope, path: string): Uint8Array;
  decode(bytes: Uint8Array): Envelope;
}

/**
 * The common shape of json and structured-clone: a task's top-level function travels by reference (as
 * piscina names a file and an export); everything else is data, checked for what the format would change.
 */
export function lossyPickler(mode: LossyMode, format: Format): Pickler {
  return {
    name: mode,
    dumps(value: unknown, options: DumpOptions = {}) {
      const root = rootPath(options.root);
      if (options.root === 'task' && isTask(value)) {
        const fn = typeof value.fn === 'function' ? referenceTo(value.fn, 'fn') : undefined;
        checkLoss(value.args, 'args', mode, options.warnings);
        return format.encode({ fn, data: value.args }, 'args');
      }
      checkLoss(value, root, mode, options.warnings);
      return format.encode({ data: value }, root);
    },
    loads(bytes: Uint8Array, options: LoadOptions = {}) {
      const envelope = format.decode(bytes);
      if (options.root === 'task' && envelope.fn) {
        return resolveReference(envelope.fn as never, 'fn').then((fn) => ({ fn, args: envelope.data }));
      }
      return options.root === 'task' ? { fn: undefined, args: envelope.data } : envelope.data;
    },
  };
}

function isTask(value: unknown): value is { fn: unknown; args: unknown } {
  return typeof value === 'object' && value !== null && 'fn' in value && 'args' in value;
}

/** Wraps a format's own failure (a value the walk did not foresee) as a PickleError at the root. */
export function formatFailure(mode: LossyMode, path: string, error: unknown): PickleError {
  return new PickleError(`Cannot serialize the value at ${path} with ${mode}: ${(error as Error).message}`, { path, cause: error });
}

export type { ValueWarning };
