import { isBuiltin, createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PickleError } from '../errors';
import { importModuleExports } from '../loader/index';
import { moduleScopes } from '../loader/module-scope';
import { existingSourceFile, isUserFile } from '../loader/module-format';
import { registeredWorkerpoolMethods, whenRegistered } from '../loader/workerpool-worker';
import { packageRoot } from '../paths';
import type { Marker, FunctionMarker } from './markers';
import { resolvePackageImport } from './esm-resolution';
import { MARK } from './markers';
import { describeLocation } from './function-identity';

type ImportMarker = Extract<Marker, { [MARK]: 'import' }>;
type ReferenceMarker = Extract<FunctionMarker, { [MARK]: 'export' | 'local' | 'global' }>;

const REFERENCE_HINT = 'export it, or wrap it with wrapNonPicklable / use by-value';
/** How long a worker waits for a workerpool worker file to register its tasks; the task's timeout comes first. */
const REGISTRATION_WAIT_MS = 60_000;

/**
 * A reference resolved without waiting: a global, or an export of a module this worker has loaded already.
 * Undefined when it needs the import (or its failure message) of resolveReference.
 */
export function resolveLoadedReference(marker: ReferenceMarker): { value: unknown } | undefined {
  if (marker[MARK] === 'global') return { value: (globalThis as Record<string, unknown>)[marker.name] };
  if (marker[MARK] !== 'export') return undefined;
  const known = moduleScopes().get(marker.url);
  if (!known) return undefined;
  try {
    const value = followPath(marker.registry ? workerpoolMethods(known.file) : known.exports(), marker.path);
    if (typeof value === 'function') return { value };
    const awaited = isThenable(value) ? settledExports.get(value) : undefined;
    return awaited ? { value: awaited } : undefined;
  } catch {
    return undefined; // reported by resolveReference, as an import failure
  }
}

/** The worker's side of a by-reference function or class: import its module and follow the export path. */
export async function resolveReference(marker: ReferenceMarker, path: string): Promise<unknown> {
  if (marker[MARK] === 'global') return (globalThis as Record<string, unknown>)[marker.name];
  const loaded = resolveLoadedReference(marker);
  if (loaded) return loaded.value;
  const file = marker.url.startsWith('file:') ? fileURLToPath(marker.url) : marker.url;
  if (marker[MARK] === 'local') {
    const said = (defined: string) =>
      `The worker cannot import '${marker.name}' from ${file}: ${marker.valueType}${defined} is not exported`;
    throw new PickleError(`${said(describeLocation(marker.location))} (at ${path}); ${REFERENCE_HINT}.`, {
      summary: `${said('')}.`,
      path,
      valueType: marker.valueType,
      location: marker.location,
      hint: REFERENCE_HINT,
    });
  }
  let exports: Record<string, unknown>;
  try {
    exports = await importModuleExports(marker.url);
  } catch (error) {
    const said = (at: string) =>
      `Cannot import ${file} to find ${marker.path.join('.')}${at}: ${(error as Error).message}`;
    throw new PickleError(said(` (at ${path})`), {
      summary: said(''),
      path,
      valueType: marker.valueType,
      location: marker.location,
      cause: error,
    });
  }
  // workerpool sends a task once its worker registered (the file may do so after an asynchronous set-up).
  if (marker.registry) await whenRegistered(file, REGISTRATION_WAIT_MS);
  const value = await awaitExport(followPath(marker.registry ? workerpoolMethods(file) : exports, marker.path));
  if (typeof value !== 'function') {
    const name = marker.path.join('.') || 'module.exports';
    const said =
      `The worker cannot import '${name}' from ${file}: ` +
      (marker.registry
        ? 'the module does not register it with workerpool.worker({ … })'
        : 'the module does not export it');
    throw new PickleError(`${said} (at ${path}).`, {
      summary: `${said}.`,
      path,
      valueType: marker.valueType,
      location: marker.location,
      hint: REFERENCE_HINT,
    });
  }
  return value;
}

const settledExports = new WeakMap<object, unknown>();

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/** An export that is a promise (an async factory's) is awaited, as piscina awaits `module[name]`. */
async function awaitExport(value: unknown): Promise<unknown> {
  if (!isThenable(value)) return value;
  const settled = await value;
  settledExports.set(value, settled);
  return settled;
}

function workerpoolMethods(file: string): Record<string, unknown> {
  return registeredWorkerpoolMethods(file) ?? {};
}

function followPath(exports: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = exports;
  for (const key of path) value = value == null ? undefined : (value as Record<string, unknown>)[key];
  return value;
}

const loadedImports = new Map<string, { value: unknown }>();
const importKey = (marker: ImportMarker) =>
  `${marker.parent}\0${marker.via}\0${marker.specifier}\0${marker.imported}\0${marker.property ?? ''}`;

/** An import this worker resolved already (modules are loaded once, so the answer stays), or undefined. */
export function loadedImport(marker: ImportMarker): { value: unknown } | undefined {
  return loadedImports.get(importKey(marker));
}

/** A binding a by-value function imported: imported again in the worker, relative to its module. */
export async function resolveImport(marker: ImportMarker, path: string): Promise<unknown> {
  const known = loadedImport(marker);
  if (known) return known.value;
  const imported = await importAgain(marker, path);
  const value =
    marker.property === undefined ? imported : (imported as Record<string, unknown> | null)?.[marker.property];
  loadedImports.set(importKey(marker), { value });
  return value;
}

async function importAgain(marker: ImportMarker, path: string): Promise<unknown> {
  const parentFile = marker.parent.startsWith('file:') ? fileURLToPath(marker.parent) : process.cwd() + '/';
  const require = createRequire(parentFile);
  try {
    if (marker.imported === 'require' && marker.specifier === '') return require;
    if (marker.via === 'module') return await importModuleExports(marker.specifier);
    if (marker.via === 'binding') {
      await importModuleExports(marker.specifier);
      const scope = moduleScopes().get(marker.specifier);
      if (!scope) throw new Error(`${marker.specifier} loaded without its scope`);
      return scope.get(marker.imported);
    }
    if (marker.via === 'require') {
      const required = require(marker.specifier) as Record<string, unknown>;
      return marker.imported === '*' ? required : required[marker.imported];
    }
    const specifier = marker.specifier;
    const target =
      specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')
        ? relativeTarget(specifier, marker.parent)
        : isBuiltin(specifier) || specifier.startsWith('file:')
          ? specifier
          : (resolvePackageImport(specifier, parentFile) ?? pathToFileURL(require.resolve(specifier)).href);
    const namespace = (await import(target)) as Record<string, unknown>;
    return marker.imported === '*' ? namespace : namespace[marker.imported];
  } catch (error) {
    throw new PickleError(
      `Cannot import '${marker.specifier}' (needed by ${path}) relative to ${parentFile}: ${(error as Error).message}`,
      { path, valueType: 'import', cause: error },
    );
  }
}

/**
 * A relative import of a versioned user module (`main.ts?sp-version=…`, see ../loader/module-version.ts) names
 * a user file of the same version, as the loader's hooks resolve it from the module itself; a plain URL would
 * be the copy this worker first imported, stale once the file changed.
 */
function relativeTarget(specifier: string, parent: string): string {
  const target = new URL(specifier, parent);
  const version = parent.startsWith('file:') ? new URL(parent).search : '';
  if (!version || target.protocol !== 'file:') return target.href;
  const file = existingSourceFile(fileURLToPath(target));
  if (file === undefined || !isUserFile(file, packageRoot())) return target.href;
  return pathToFileURL(file).href + version;
}
