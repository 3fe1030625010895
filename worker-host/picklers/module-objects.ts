import Module, { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { types } from 'node:util';
import { generatedFunctionLocation, loadedScriptUrls } from '../loader/function-inspector';
import { moduleExportNames } from '../loader/module-export-names';
import { moduleScopes } from '../loader/module-scope';
import { staticModule } from '../loader/static-module';
import { MARK, type Marker } from './markers';

type ImportMarker = Extract<Marker, { [MARK]: 'import' }>;

/**
 * A module object met in a value — an ES module namespace (`import * as path from 'node:path'`, `import * as
 * utils from './utils.js'`) or a CommonJS `module.exports` (`const utils = require('./utils')`) — is importable,
 * so it travels by reference, as cloudpickle pickles a module: the worker imports it again instead of receiving
 * a copy of everything the module holds. What is not a module object gives undefined.
 *
 * One instance per encoding: the require cache is read once, when the first candidate object is met.
 */
export class ModuleObjects {
  private loaded: Map<object, ImportMarker> | undefined;

  referenceTo(value: object, proto: object | null): ImportMarker | undefined {
    if (proto === null && types.isModuleNamespaceObject(value)) return namespaceReference(value, this.known());
    if (proto !== Object.prototype) return undefined;
    return this.known().get(value);
  }

  private known(): Map<object, ImportMarker> {
    return (this.loaded ??= currentModuleObjects());
  }
}

let snapshot: { signature: string; objects: Map<object, ImportMarker> } | undefined;

/** loadedModuleObjects, made again only when a module was loaded since (or the working directory changed). */
function currentModuleObjects(): Map<object, ImportMarker> {
  const cache = (Module as unknown as { _cache: object })._cache;
  const builtins = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList?.length ?? 0;
  const signature = `${Object.keys(cache).length}:${builtins}:${moduleScopes().size}:${process.cwd()}`;
  if (snapshot?.signature !== signature) snapshot = { signature, objects: loadedModuleObjects() };
  return snapshot.objects;
}

const CWD_PARENT = () => pathToFileURL(join(process.cwd(), 'index.js')).href;

/** Every CommonJS module object this process holds: the require cache, and the built-ins it has loaded. */
function loadedModuleObjects(): Map<object, ImportMarker> {
  const found = new Map<object, ImportMarker>();
  const parent = CWD_PARENT();
  const require = createRequire(join(process.cwd(), 'index.js'));
  for (const name of loadedBuiltins()) {
    let exports: unknown;
    try {
      exports = require(`node:${name}`);
    } catch {
      continue;
    }
    if (isObject(exports) && !found.has(exports))
      found.set(exports, { [MARK]: 'import', specifier: `node:${name}`, imported: '*', parent, via: 'require' });
  }
  // A user module the profiler loaded is loaded again the same way (its version, its scope), never re-required.
  for (const scope of moduleScopes().values()) {
    const exports = scope.exports();
    if (isObject(exports) && !found.has(exports))
      found.set(exports, { [MARK]: 'import', specifier: scope.url, imported: '*', parent: scope.url, via: 'module' });
  }
  const cache = (Module as unknown as { _cache: Record<string, { exports?: unknown } | undefined> })._cache;
  for (const [file, entry] of Object.entries(cache)) {
    const exports = entry?.exports;
    if (isObject(exports) && !found.has(exports))
      found.set(exports, {
        [MARK]: 'import',
        specifier: file,
        imported: '*',
        parent: pathToFileURL(file).href,
        via: 'require',
      });
  }
  return found;
}

/** The public built-in modules loaded so far (one a program could have required); others cannot be in a value. */
function loadedBuiltins(): string[] {
  const list = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList;
  const publicNames = new Set(builtinModules.filter((name) => !name.startsWith('_')));
  if (!list) return ['path', 'fs', 'util', 'os', 'url', 'crypto', 'events', 'stream', 'zlib', 'buffer'];
  const names = new Set<string>();
  for (const entry of list) {
    const name = entry.startsWith('NativeModule ') ? entry.slice('NativeModule '.length) : undefined;
    if (name && publicNames.has(name)) names.add(name);
  }
  return [...names];
}

/** An ES module namespace: of a built-in or a CommonJS module (its `default`), else of the ES module it is. */
function namespaceReference(namespace: object, known: Map<object, ImportMarker>): ImportMarker | undefined {
  const fallback = (namespace as { default?: unknown }).default;
  const own = known.get(namespace);
  if (own) return own;
  const wrapped = isObject(fallback) ? known.get(fallback) : undefined;
  if (wrapped && wrapped.via !== 'module') {
    const specifier = wrapped.specifier.startsWith('node:') ? wrapped.specifier : pathToFileURL(wrapped.specifier).href;
    return { [MARK]: 'import', specifier, imported: '*', parent: wrapped.parent, via: 'import' };
  }
  const url = namespaceUrl(namespace);
  return url === undefined
    ? undefined
    : { [MARK]: 'import', specifier: url, imported: '*', parent: url, via: 'import' };
}

/**
 * The URL of an ES module the program imported by itself, by its namespace: found through its exported
 * functions when all are defined in that one module; else (a module of constants only, or one that re-exports
 * what other modules define) the one module V8 has loaded whose exports have exactly these names and whose
 * functions are defined in the modules it imports or re-exports from. Two such modules leave it by value.
 */
function namespaceUrl(namespace: object): string | undefined {
  // A namespace belongs to one module for its whole life: its URL is looked for once.
  const known = namespaceUrls.get(namespace);
  if (known !== undefined) return known ?? undefined;
  const found = findNamespaceUrl(namespace);
  namespaceUrls.set(namespace, found ?? null);
  return found;
}

const namespaceUrls = new WeakMap<object, string | null>();

function findNamespaceUrl(namespace: object): string | undefined {
  let url: string | undefined;
  let ownFunctions = true;
  const functionUrls = new Set<string>();
  for (const key of Object.keys(namespace)) {
    let value: unknown;
    try {
      value = (namespace as Record<string, unknown>)[key];
    } catch {
      return undefined; // an export in its temporal dead zone: the module has not finished loading
    }
    if (typeof value !== 'function') continue;
    const at = generatedFunctionLocation(value)?.url;
    if (!at?.startsWith('file:')) return undefined;
    functionUrls.add(at);
    const module = staticModule(at);
    if ((url !== undefined && at !== url) || (module && module.format === 'esm' && !(key in module.exportedLocals)))
      ownFunctions = false;
    url = at;
  }
  if (url !== undefined && ownFunctions) return url;
  return moduleWithNames(namespace, functionUrls);
}

function moduleWithNames(namespace: object, functionUrls: Set<string>): string | undefined {
  const keys = Object.keys(namespace);
  if (keys.length === 0) return undefined;
  const bare = (url: string) => url.replace(/[?#].*$/, '');
  const found = loadedScriptUrls().filter((url) => {
    if (!url.startsWith('file:')) return false;
    const exports = moduleExportNames(url, keys);
    if (!exports || exports.names.size !== keys.length || !keys.every((key) => exports.names.has(key))) return false;
    return [...functionUrls].every((at) => bare(at) === bare(url) || exports.sources.has(bare(at)));
  });
  return found.length === 1 ? found[0] : undefined;
}

function isObject(value: unknown): value is object {
  return value !== null && (typeof value === 'object' || typeof value === 'function');
}
