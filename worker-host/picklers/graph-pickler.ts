import { deserialize, serialize } from 'node:v8';
import {
  HAS_MARKERS,
  LISTS_DIRTY,
  PLAIN_ARGUMENTS,
  readEnvelope,
  SCALAR_ARGUMENTS,
  SCALAR_VALUE,
  writeEnvelope,
} from './envelope';
import { GraphDecoder } from './graph-decoder';
import { GraphEncoder, type GraphMode } from './graph-encoder';
import type { Pickler } from './pickler';
import { isPlainGraph } from './plain-data';
import {
  asPlainArgumentsTask,
  asScalarTask,
  encodeTaskFunction,
  parseTaskFunction,
  quickTaskFunction,
} from './scalar-task';
import { readScalars, scalarsSize, writeScalars } from './scalars';
import { rootPath } from './value-path';

/**
 * by-value, by-reference and wrapped share one format (./envelope.ts) and differ only in how functions and
 * classes travel (./graph-encoder.ts). Plain data skips the marker pass: v8 serialization as is; a lone
 * primitive and a task's primitive arguments skip v8 serialization too.
 */
export function graphPickler(mode: GraphMode): Pickler {
  return {
    name: mode,
    dumps(value, options = {}) {
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
          // The function's encoding is kept between tasks (as for primitive arguments); the data goes as v8 has it.
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
      const encoder = new GraphEncoder(mode, options.warnings);
      const graph = encoder.encode(value, rootPath(options.root));
      return writeEnvelope({ flags: HAS_MARKERS | LISTS_DIRTY, graph: [graph, encoder.dirty], blocks: encoder.blocks });
    },
    loads(bytes, options = {}) {
      const { flags, graph, blocks, tail } = readEnvelope(bytes);
      if (flags & SCALAR_VALUE) return readScalars(tail)[0];
      if (flags & (SCALAR_ARGUMENTS | PLAIN_ARGUMENTS)) {
        const part = parseTaskFunction(graph);
        const args = flags & SCALAR_ARGUMENTS ? readScalars(tail) : (deserialize(tail) as unknown[]);
        const quick = quickTaskFunction(part);
        if (quick !== undefined) return { fn: quick, args };
        const [root, dirty] = part;
        const decoder = new GraphDecoder(blocks, dirty.length === 0 ? NOTHING_DIRTY : new Set(dirty));
        const imports = decoder.prepare(root, 'fn');
        return imports ? imports.then(() => ({ fn: decoder.decode(root), args })) : { fn: decoder.decode(root), args };
      }
      const value = deserialize(graph);
      if ((flags & HAS_MARKERS) === 0) return value;
      const [root, dirty] = (flags & LISTS_DIRTY) === 0 ? [value, undefined] : (value as [unknown, object[]]);
      const decoder = new GraphDecoder(blocks, dirty && new Set(dirty));
      const imports = decoder.prepare(root, rootPath(options.root));
      return imports ? imports.then(() => decoder.decode(root)) : decoder.decode(root);
    },
  };
}

const EMPTY = new Uint8Array(0);
/** No container may hold markers (the decoder only reads this set). */
const NOTHING_DIRTY: ReadonlySet<object> = new Set();

export const byValuePickler = graphPickler('by-value');
export const byReferencePickler = graphPickler('by-reference');
export const wrappedPickler = graphPickler('wrapped');
