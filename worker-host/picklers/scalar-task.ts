import { deserialize, serialize } from 'node:v8';
import type { ValueWarning } from '../protocol/report';
import { instantiateFunction } from './function-source';
import { loadedImport, resolveLoadedReference } from './import-resolution';
import type { NumericSource } from './envelope';
import { GraphEncoder, type GraphMode } from './graph-encoder';
import { type MARK, markerTag, type FunctionMarker, type Marker } from './markers';
import { isPlainGraph } from './plain-data';
import { scalarsSize } from './scalars';
import { PARSED_FUNCTION_MAX_BYTES, PARSED_FUNCTIONS_MAX } from './thresholds';
import { unwrapNonPicklable } from './wrap';

/**
 * A task whose arguments are all primitives travels as its function's encoding plus the arguments in the
 * scalar layout (see ./envelope.ts, flag SCALAR_ARGUMENTS). A function's encoding is kept while it is known
 * to stay the same: a reference while the export or global still holds the function, code without captured
 * variables or own properties. Both sides then skip the graph walk and most of the v8 serialization.
 */
export interface ScalarTask {
  fn: Function;
  args: unknown[];
  argsSize: number;
}

/** The task's parts when `value` is a `{ fn, args }` task with only primitive arguments. */
export function asScalarTask(value: unknown): ScalarTask | undefined {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined;
  const { fn, args } = value as { fn?: unknown; args?: unknown };
  if (typeof fn !== 'function' || !Array.isArray(args) || Object.getPrototypeOf(args) !== Array.prototype)
    return undefined;
  if (Object.keys(value).length !== 2 || Object.keys(args).length !== args.length) return undefined;
  const argsSize = scalarsSize(args);
  return argsSize === undefined ? undefined : { fn, args, argsSize };
}

/** The task's parts when `value` is a `{ fn, args }` task whose arguments are plain data v8 carries exactly. */
export function asPlainArgumentsTask(value: object): { fn: Function; args: unknown[] } | undefined {
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const { fn, args } = value as { fn?: unknown; args?: unknown };
  if (typeof fn !== 'function' || !Array.isArray(args) || Object.keys(value).length !== 2) return undefined;
  return isPlainGraph(args) ? { fn, args } : undefined;
}

interface EncodedFunction {
  /** v8 bytes of `[encoded function, dirty containers]`. */
  bytes: Uint8Array;
  blocks: NumericSource[];
}

const kept = new WeakMap<Function, Map<GraphMode, { encoded: EncodedFunction; stillValid: () => boolean }>>();

/** The function's encoding in `mode`, from the cache while it is still valid; its warnings go to `warnings`. */
export function encodeTaskFunction(
  mode: GraphMode,
  fn: Function,
  warnings: ValueWarning[] | undefined,
): EncodedFunction {
  const hit = kept.get(fn)?.get(mode);
  if (hit?.stillValid()) return hit.encoded;
  const found: ValueWarning[] = [];
  const encoder = new GraphEncoder(mode, found);
  const root = encoder.encode(fn, 'fn');
  const encoded = { bytes: serialize([root, encoder.dirty]), blocks: encoder.blocks };
  warnings?.push(...found);
  const stillValid =
    found.length === 0 && encoder.blocks.length === 0 && encoder.dirty.length === 0 ? validity(root, fn) : undefined;
  if (stillValid) {
    const byMode = kept.get(fn) ?? new Map();
    byMode.set(mode, { encoded, stillValid });
    kept.set(fn, byMode);
  }
  return encoded;
}

/** How to tell that an encoding still describes `fn`, or undefined when it cannot be kept. */
function validity(root: unknown, fn: Function): (() => boolean) | undefined {
  switch (markerTag(root)) {
    case 'global':
    case 'export': {
      // Looked up as the worker looks it up: the encoding holds while that still finds this function.
      const reference = root as Extract<FunctionMarker, { [MARK]: 'global' | 'export' }>;
      return () => resolveLoadedReference(reference)?.value === fn;
    }
    case 'code':
      if (!importsOnlyCode(root) || unwrapNonPicklable(fn)) return undefined;
      return () => Object.keys(fn).length === 0;
    default:
      return undefined;
  }
}

/** Deserialized function parts the decoder only reads, never changes: kept by their bytes. */
const parsed = new Map<string, [unknown, object[]]>();
/** The last part parsed or found, checked first: a worker mostly runs one function many times. */
let last: { bytes: Buffer; part: [unknown, object[]] } | undefined;

/** `[encoded function, dirty]` from its v8 bytes, parsed once for a function part the decoder leaves as it is. */
export function parseTaskFunction(bytes: Uint8Array): [unknown, object[]] {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (last && last.bytes.equals(buffer)) return last.part;
  const key = bytes.byteLength <= PARSED_FUNCTION_MAX_BYTES ? buffer.toString('latin1') : undefined;
  const known = key === undefined ? undefined : parsed.get(key);
  if (known) {
    last = { bytes: Buffer.from(buffer), part: known };
    return known;
  }
  const part = deserialize(bytes) as [unknown, object[]];
  if (key !== undefined && isReadOnlyForDecoder(part)) {
    if (parsed.size >= PARSED_FUNCTIONS_MAX) parsed.clear();
    parsed.set(key, part);
    last = { bytes: Buffer.from(buffer), part };
  }
  return part;
}

type CodeMarker = Extract<FunctionMarker, { [MARK]: 'code' }>;
type ImportMarker = Extract<Marker, { [MARK]: 'import' }>;

/**
 * The marker as code whose captures are all imports (`_` of `import _ from 'lodash'`), which never change:
 * such an encoding stays valid, and the worker rebuilds it from its import cache.
 */
function importsOnlyCode(root: unknown): CodeMarker | undefined {
  if (markerTag(root) !== 'code') return undefined;
  const code = root as CodeMarker;
  return code.props.length === 0 && code.values.every((value) => markerTag(value) === 'import') ? code : undefined;
}

function isReadOnlyForDecoder([root, dirty]: [unknown, object[]]): boolean {
  if (dirty.length > 0) return false;
  const tag = markerTag(root);
  return tag === 'export' || tag === 'global' || tag === 'local' || importsOnlyCode(root) !== undefined;
}

/**
 * The function of a task's function part without a decoder, when nothing in it needs one: code with no
 * captures and no properties, or a reference to a module already loaded. Undefined otherwise, and when
 * rebuilding fails (the decoder then reports it with its path).
 */
export function quickTaskFunction([root, dirty]: [unknown, object[]]): unknown {
  if (dirty.length > 0) return undefined;
  const tag = markerTag(root);
  if (tag === 'code') {
    const code = importsOnlyCode(root);
    if (!code) return undefined;
    const imports = code.values.map((value) => loadedImport(value as ImportMarker));
    if (imports.some((value) => value === undefined)) return undefined;
    try {
      const { fn, assign } = instantiateFunction(code);
      if (imports.length > 0) assign(imports.map((value) => value!.value));
      return fn;
    } catch {
      return undefined;
    }
  }
  if (tag === 'export' || tag === 'global')
    return resolveLoadedReference(root as Extract<FunctionMarker, { [MARK]: 'export' | 'global' }>)?.value;
  return undefined;
}
