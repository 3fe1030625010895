import { isBuiltin, createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PickleError } from '../errors';
import { importModuleExports } from '../loader/index';
import { moduleScopes } from '../loader/module-scope';
import type { Marker, FunctionMarker } from './markers';
import { MARK } from './markers';
import { describeLocation } from './function-identity';

type ImportMarker = Extract<Marker, { [MARK]: 'import' }>;
type ReferenceMarker = Extract<FunctionMarker, { [MARK]: 'export' | 'local' | 'global' }>;

const REFERENCE_HINT = 'export it, or wrap it with wrapNonPicklable / use by-value';

/** The worker's side of a by-reference function or class: import its module and follow the export path. */
export async function resolveReference(marker: ReferenceMarker, path: string): Promise<unknown> {
  if (marker[MARK] === 'global') return (globalThis as Record<string, unknown>)[marker.name];
  const known = moduleScopes().get(marker.url);
  if (known && marker[MARK] === 'export') {
    // A module this worker has loaded already: no import to wait for (any failure takes the full path below).
    try {
      const value = followPath(known.exports(), marker.path);
      if (typeof value === 'function') return value;
    } catch {
      // reported below, as an import failure
    }
  }
  const file = marker.url.startsWith('file:') ? fileURLToPath(marker.url) : marker.url;
  if (marker[MARK] === 'local') {
    throw new PickleError(
      `Can't get attribute '${marker.name}' on module ${file}: ${marker.valueType}${describeLocation(marker.location)} ` +
        `is not exported, so the worker cannot import it (at ${path}); ${REFERENCE_HINT}.`,
      { path, valueType: marker.valueType, location: marker.location, hint: REFERENCE_HINT },
    );
  }
  let exports: Record<string, unknown>;
  try {
    exports = await importModuleExports(marker.url);
  } catch (error) {
    throw new PickleError(`Cannot import ${file} to find ${marker.path.join('.')} (at ${path}): ${(error as Error).message}`, {
      path,
      valueType: marker.valueType,
      location: marker.location,
      cause: error,
    });
  }
  const value = followPath(exports, marker.path);
  if (typeof value !== 'function') {
    throw new PickleError(`Can't get attribute '${marker.path.join('.')}' on module ${file} (at ${path}).`, {
      path,
      valueType: marker.valueType,
      location: marker.location,
      hint: REFERENCE_HINT,
    });
  }
  return value;
}

function followPath(exports: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = exports;
  for (const key of path) value = value == null ? undefined : (value as Record<string, unknown>)[key];
  return value;
}

/** A binding a by-value function imported: imported again in the worker, relative to its module. */
export async function resolveImport(marker: ImportMarker, path: string): Promise<unknown> {
  const parentFile = marker.parent.startsWith('file:') ? fileURLToPath(marker.parent) : process.cwd() + '/';
  const require = createRequire(parentFile);
  try {
    if (marker.imported === 'require' && marker.specifier === '') return require;
    if (marker.via === 'require') {
      const required = require(marker.specifier) as Record<string, unknown>;
      return marker.imported === '*' ? required : required[marker.imported];
    }
    const specifier = marker.specifier;
    const target =
      specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')
        ? new URL(specifier, marker.parent).href
        : isBuiltin(specifier) || specifier.startsWith('file:')
          ? specifier
          : pathToFileURL(require.resolve(specifier)).href;
    const namespace = (await import(target)) as Record<string, unknown>;
    return marker.imported === '*' ? namespace : namespace[marker.imported];
  } catch (error) {
    throw new PickleError(
      `Cannot import '${marker.specifier}' (needed by ${path}) relative to ${parentFile}: ${(error as Error).message}`,
      { path, valueType: 'import', cause: error },
    );
  }
}
