/**
 * A frame's line in the source the user wrote: a TypeScript file run through tsx (or any code Node holds a source
 * map for — `--enable-source-maps`, `process.setSourceMapsEnabled(true)`) runs as generated code, whose positions
 * say nothing to the user. Structured frames are never mapped by Node itself, so the map is read here.
 */
import type { SourceMap, SourceMapping } from 'node:module';

export interface SourcePosition {
  /** The frame's file as V8 names it: a path or a `file:` URL. */
  file: string;
  line: number;
  column: number;
}

type ModuleApi = typeof import('node:module');
type UrlApi = typeof import('node:url');

const maps = new Map<string, SourceMap | null>();
let moduleApi: ModuleApi | undefined;

function sourceMapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    moduleApi ??= require('node:module') as ModuleApi;
    try {
      map = moduleApi.findSourceMap(file) ?? null;
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return map;
}

function sourceFile(source: string, generated: string): string {
  if (source.startsWith('file:') || source.startsWith('/')) return source;
  // A map's relative source is relative to the generated file.
  const url = require('node:url') as UrlApi;
  const base = generated.startsWith('file:') ? generated : url.pathToFileURL(generated).href;
  return new URL(source, base).href;
}

/** The original position of a 1-based generated position, or the position itself when no map covers it. */
export function originalPosition(position: SourcePosition): SourcePosition {
  if (process.sourceMapsEnabled === false || position.line < 1) return position;
  const map = sourceMapOf(position.file);
  if (!map) return position;
  // Node 20 gives `{}` where no mapping covers the position (later versions undefined).
  const entry = map.findEntry(position.line - 1, Math.max(0, position.column - 1)) as
    Partial<SourceMapping> | undefined;
  if (!entry || typeof entry.originalSource !== 'string' || typeof entry.originalLine !== 'number') return position;
  return {
    file: sourceFile(entry.originalSource, position.file),
    line: entry.originalLine + 1,
    column: (entry.originalColumn ?? 0) + 1,
  };
}

/** The same for a location given as a path (a function's definition): a path again, in the source the user wrote. */
export function originalLocation(location: SourcePosition): SourcePosition {
  const mapped = originalPosition(location);
  if (mapped === location || !mapped.file.startsWith('file:')) return mapped;
  const url = require('node:url') as UrlApi;
  return { ...mapped, file: url.fileURLToPath(mapped.file) };
}
