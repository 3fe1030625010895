import { deserialize } from 'node:v8';
import { HAS_MARKERS, LISTS_DIRTY, readEnvelope, writeEnvelope } from './envelope';
import { fastDumps, fastLoads } from './graph-fast-path';
import { GraphDecoder } from './graph-decoder';
import { GraphEncoder, type GraphMode } from './graph-encoder';
import type { Pickler } from './pickler';
import { rootPath } from './value-path';

/**
 * by-value, by-reference and wrapped share one format (./envelope.ts) and differ only in how functions and
 * classes travel (./graph-encoder.ts). A value with nothing for the marker walk to do takes the one fast path
 * (./graph-fast-path.ts); everything else is walked, its functions and classes turned into markers.
 */
export function graphPickler(mode: GraphMode): Pickler {
  return {
    name: mode,
    dumps(value, options = {}) {
      const fast = fastDumps(mode, value, options);
      if (fast) return fast;
      const encoder = new GraphEncoder(mode, options.warnings);
      const graph = encoder.encode(value, rootPath(options.root));
      return writeEnvelope({ flags: HAS_MARKERS | LISTS_DIRTY, graph: [graph, encoder.dirty], blocks: encoder.blocks });
    },
    loads(bytes, options = {}) {
      const envelope = readEnvelope(bytes);
      const fast = fastLoads(envelope);
      if (fast) return fast.value;
      const { flags, graph, blocks } = envelope;
      const value = deserialize(graph);
      if ((flags & HAS_MARKERS) === 0) return value;
      const [root, dirty] = (flags & LISTS_DIRTY) === 0 ? [value, undefined] : (value as [unknown, object[]]);
      const decoder = new GraphDecoder(blocks, dirty && new Set(dirty));
      const imports = decoder.prepare(root, rootPath(options.root));
      return imports ? imports.then(() => decoder.decode(root)) : decoder.decode(root);
    },
  };
}

export const byValuePickler = graphPickler('by-value');
export const byReferencePickler = graphPickler('by-reference');
export const wrappedPickler = graphPickler('wrapped');
