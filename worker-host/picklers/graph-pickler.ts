import { HAS_MARKERS, LISTS_DIRTY, readEnvelope, writeEnvelope } from './envelope';
import { GraphDecoder } from './graph-decoder';
import { GraphEncoder, type GraphMode } from './graph-encoder';
import type { Pickler } from './pickler';
import { isPlainGraph } from './plain-data';
import { rootPath } from './value-path';

/**
 * by-value, by-reference and wrapped share one format (./envelope.ts) and differ only in how functions and
 * classes travel (./graph-encoder.ts). Plain data skips the marker pass: v8 serialization as is.
 */
export function graphPickler(mode: GraphMode): Pickler {
  return {
    name: mode,
    dumps(value, options = {}) {
      if (isPlainGraph(value)) return writeEnvelope({ flags: 0, graph: value, blocks: [] });
      const encoder = new GraphEncoder(mode, options.warnings);
      const graph = encoder.encode(value, rootPath(options.root));
      return writeEnvelope({ flags: HAS_MARKERS | LISTS_DIRTY, graph: [graph, encoder.dirty], blocks: encoder.blocks });
    },
    loads(bytes, options = {}) {
      const { flags, graph, blocks } = readEnvelope(bytes);
      if ((flags & HAS_MARKERS) === 0) return graph;
      const [root, dirty] = (flags & LISTS_DIRTY) === 0 ? [graph, undefined] : (graph as [unknown, object[]]);
      const decoder = new GraphDecoder(blocks, dirty && new Set(dirty));
      const imports = decoder.prepare(root, rootPath(options.root));
      return imports ? imports.then(() => decoder.decode(root)) : decoder.decode(root);
    },
  };
}

export const byValuePickler = graphPickler('by-value');
export const byReferencePickler = graphPickler('by-reference');
export const wrappedPickler = graphPickler('wrapped');
