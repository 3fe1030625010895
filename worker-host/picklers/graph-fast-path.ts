import { deserialize, serialize } from 'node:v8';
import type { Envelope } from './envelope';
import { PLAIN_ARGUMENTS, SCALAR_ARGUMENTS, SCALAR_VALUE, writeEnvelope } from './envelope';
import { GraphDecoder } from './graph-decoder';
import type { GraphMode } from './graph-encoder';
import { isPlainGraph } from './plain-data';
import type { DumpOptions } from './pickler';
import {
  asPlainArgumentsTask,
  asScalarTask,
  encodeTaskFunction,
  parseTaskFunction,
  quickTaskFunction,
} from './scalar-task';
import { readScalars, scalarsSize, writeScalars } from './scalars';

/**
 * The graph picklers' one fast path: a value with nothing for the marker walk to do skips it. Which values,
 * and the layout each travels in (./envelope.ts; the thresholds and their measurements: ./thresholds.ts):
 *   - a lone primitive: the scalar layout, no v8 serialization (SCALAR_VALUE);
 *   - a task `{ fn, args }` whose arguments are primitives: the function's kept encoding, then the arguments in
 *     the scalar layout (SCALAR_ARGUMENTS); whose arguments are plain data: the same, the arguments as v8
 *     writes them (PLAIN_ARGUMENTS);
 *   - plain data (no function, class instance or hidden key anywhere): v8 serialization as is (flags 0).
 * Anything else returns undefined here and goes through the marker walk (./graph-encoder.ts).
 */
export function fastDumps(mode: GraphMode, value: unknown, options: DumpOptions): Uint8Array | undefined {
  if (typeof value !== 'object' || value === null) {
    const size = scalarsSize([value]);
    if (size !== undefined) {
      return writeEnvelope({
        flags: SCALAR_VALUE,
        blocks: [],
        graphBytes: EMPTY,
        tailSize: size,
        writeTail: (bytes, at) => writeScalars([value], bytes, at),
      });
    }
  } else if (options.root === 'task') {
    const task = asScalarTask(value);
    if (task) {
      const fn = encodeTaskFunction(mode, task.fn, options.warnings);
      return writeEnvelope({
        flags: SCALAR_ARGUMENTS,
        blocks: fn.blocks,
        graphBytes: fn.bytes,
        tailSize: task.argsSize,
        writeTail: (bytes, at) => writeScalars(task.args, bytes, at),
      });
    }
    const plain = asPlainArgumentsTask(value);
    if (plain) {
      const fn = encodeTaskFunction(mode, plain.fn, options.warnings);
      const args = serialize(plain.args);
      return writeEnvelope({
        flags: PLAIN_ARGUMENTS,
        blocks: fn.blocks,
        graphBytes: fn.bytes,
        tailSize: args.byteLength,
        writeTail: (bytes, at) => bytes.set(args, at),
      });
    }
  }
  if (isPlainGraph(value)) return writeEnvelope({ flags: 0, graph: value, blocks: [] });
  return undefined;
}

/** The fast path's other side: the value of an envelope `fastDumps` wrote in a layout of its own, else undefined. */
export function fastLoads({ flags, graph, blocks, tail }: Envelope): { value: unknown } | undefined {
  if (flags & SCALAR_VALUE) return { value: readScalars(tail)[0] };
  if ((flags & (SCALAR_ARGUMENTS | PLAIN_ARGUMENTS)) === 0) return undefined;
  const part = parseTaskFunction(graph);
  const args = flags & SCALAR_ARGUMENTS ? readScalars(tail) : (deserialize(tail) as unknown[]);
  const quick = quickTaskFunction(part);
  if (quick !== undefined) return { value: { fn: quick, args } };
  const [root, dirty] = part;
  const decoder = new GraphDecoder(blocks, dirty.length === 0 ? NOTHING_DIRTY : new Set(dirty));
  const imports = decoder.prepare(root, 'fn');
  return {
    value: imports ? imports.then(() => ({ fn: decoder.decode(root), args })) : { fn: decoder.decode(root), args },
  };
}

const EMPTY = new Uint8Array(0);
/** No container may hold markers (the decoder only reads this set). */
const NOTHING_DIRTY: ReadonlySet<object> = new Set();
