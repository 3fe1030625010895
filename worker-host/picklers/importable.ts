import { builtinModules, createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { functionScopes, generatedFunctionLocation } from '../loader/function-inspector';
import { moduleScopes, type ModuleScope } from '../loader/module-scope';
import { packageModuleExports, staticModule } from '../loader/static-module';
import { findExportReference, type ExportReference } from './function-identity';
import { MARK, type Marker } from './markers';
import { describeValueType } from './value-type';

type ImportMarker = Extract<Marker, { [MARK]: 'import' }>;
type ExportMarker = Extract<Marker, { [MARK]: 'export' }>;

/** What a by-value pickler needs of a function's module: the profiler's scope accessor, else its file read. */
export type ModuleRecord = Pick<ModuleScope, 'url' | 'file' | 'format' | 'imports' | 'locations'> & {
  sourceMap?: string;
};

export function moduleRecord(url: string): ModuleRecord | undefined {
  return moduleScopes().get(url) ?? staticModule(url);
}

const references = new WeakMap<Function, ExportMarker | ImportMarker | null>();

/**
 * How a worker imports this function or class, as cloudpickle's rule has it: an export of a user module (loaded
 * through the profiler or by the program itself), an export of an npm package, or of a `node:` built-in module.
 * Undefined when it is not importable, so it can only travel by value.
 */
export function importableReference(fn: Function): ExportMarker | ImportMarker | undefined {
  // Looked up every time: what a loaded module exports may change between two tasks.
  const exported = findExportReference(fn);
  if (exported) {
    const { url, path, registry } = exported;
    return { [MARK]: 'export', url, path, valueType: describeValueType(fn), ...(registry && { registry }) };
  }
  const known = references.get(fn);
  if (known !== undefined) return known ?? undefined;
  const found = lookUp(fn);
  references.set(fn, found ?? null);
  return found;
}

/** Packages, built-ins and the program's own modules: found through the inspector and files, so kept per function. */
function lookUp(fn: Function): ExportMarker | ImportMarker | undefined {
  const valueType = describeValueType(fn);
  const url = generatedFunctionLocation(fn)?.url ?? '';
  if (url.startsWith('node:')) return builtinReference(fn, url);
  if (!url.startsWith('file:')) return undefined;
  if (url.includes('/node_modules/'))
    return packageReference(fn, fileURLToPath(url)) ?? packageModuleReference(fn, url);
  const own = staticExportReference(fn, url);
  return own && { [MARK]: 'export', url: own.url, path: own.path, valueType };
}

/**
 * A function a by-value function reads from its module's scope that the module also exports (`export const
 * scrypt = promisify(crypto.scrypt)`): the worker imports the module and takes the export, as cloudpickle
 * refers to a global of an importable module.
 */
export function exportedBinding(record: ModuleRecord, name: string, value: unknown): ExportMarker | undefined {
  if (typeof value !== 'function') return undefined;
  const valueType = describeValueType(value);
  const scope = moduleScopes().get(record.url);
  if (scope) {
    const exports = scope.exports();
    const key = keyHolding(exports, value);
    return key === undefined ? undefined : { [MARK]: 'export', url: record.url, path: [key], valueType };
  }
  const module = staticModule(record.url);
  if (module?.format === 'cjs') {
    const key = keyHolding(module.commonJsExports(), value);
    return key === undefined ? undefined : { [MARK]: 'export', url: record.url, path: [key], valueType };
  }
  const exported = Object.entries(module?.exportedLocals ?? {}).find(([, local]) => local === name);
  return exported ? { [MARK]: 'export', url: record.url, path: [exported[0]], valueType } : undefined;
}

/**
 * A module-level value derived from imports that cannot travel as code (`const scrypt =
 * promisify(crypto.scrypt)`: code of Node or of a package that nothing exports): the worker imports the module
 * and reads the binding, as cloudpickle refers to a global of an importable module.
 */
export function derivedBinding(record: ModuleRecord, name: string, value: unknown): ImportMarker | undefined {
  if (typeof value !== 'function' || !record.url.startsWith('file:')) return undefined;
  const url = generatedFunctionLocation(value)?.url ?? '';
  const foreign = url.startsWith('node:') || url.includes('/node_modules/') || (url === '' && !isGlobal(value));
  if (!foreign || importableReference(value)) return undefined;
  return { [MARK]: 'import', specifier: record.url, imported: name, parent: record.url, via: 'binding' };
}

function isGlobal(fn: Function): boolean {
  return (globalThis as Record<string, unknown>)[fn.name] === fn;
}

/** An export of a user module the program imported by itself (no scope accessor): found from its file. */
function staticExportReference(fn: Function, url: string): ExportReference | undefined {
  if (moduleScopes().has(url)) return undefined;
  const module = staticModule(url);
  if (!module) return undefined;
  if (module.format === 'cjs') {
    const exports = module.commonJsExports();
    if (exports === fn) return { url, path: [] };
    const key = keyHolding(exports, fn);
    return key === undefined ? undefined : { url, path: [key] };
  }
  const locals = Object.entries(module.exportedLocals);
  if (locals.length === 0) return undefined;
  const scope = functionScopes(fn, new Set(locals.map(([, local]) => local))).find((view) => view.type === 'module');
  const match = locals.find(([, local]) => scope?.variables.get(local) === fn);
  return match ? { url, path: [match[0]] } : undefined;
}

const COMMON_BUILTINS = [
  'util',
  'fs',
  'path',
  'crypto',
  'os',
  'url',
  'events',
  'stream',
  'zlib',
  'buffer',
  'timers',
  'child_process',
];

/** `crypto.createHash`, `util.promisify`: a property of a built-in module, named after the module its code is in. */
function builtinReference(fn: Function, url: string): ImportMarker | undefined {
  const stem = url
    .slice('node:'.length)
    .replace(/^internal\//, '')
    .split('/')[0]!;
  const candidates = new Set([stem, ...COMMON_BUILTINS]);
  const parent = join(process.cwd(), 'index.js');
  const require = createRequire(parent);
  for (const name of candidates) {
    if (!builtinModules.includes(name)) continue;
    const key = keyHolding(require(`node:${name}`), fn);
    if (key !== undefined) {
      return {
        [MARK]: 'import',
        specifier: `node:${name}`,
        imported: key,
        parent: pathToFileURL(parent).href,
        via: 'require',
      };
    }
  }
  return undefined;
}

/** A function of an npm package that one of the package's loaded CommonJS entry points exports. */
function packageReference(fn: Function, file: string): ImportMarker | undefined {
  const root = packageRootOf(file);
  if (!root) return undefined;
  const name = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string }).name;
  if (!name) return undefined;
  const require = createRequire(join(root, 'package.json'));
  let main: string | undefined;
  try {
    main = require.resolve(name);
  } catch {
    main = undefined;
  }
  const entries = Object.keys(require.cache).filter((entry) => entry.startsWith(root + sep));
  entries.sort((a, b) => (a === main ? -1 : b === main ? 1 : a.length - b.length));
  for (const entry of entries) {
    const exports = require.cache[entry]?.exports as unknown;
    const key = exports === fn ? '*' : keyHolding(exports, fn);
    if (key === undefined) continue;
    const specifier = entry === main ? name : `${name}/${relative(root, entry).split(sep).join('/')}`;
    return {
      [MARK]: 'import',
      specifier,
      imported: key,
      parent: pathToFileURL(join(root, 'package.json')).href,
      via: 'require',
    };
  }
  return undefined;
}

/**
 * A function an ES module of an npm package exports (`export default MarkdownIt` in markdown-it's
 * `lib/index.mjs`, which the package's `import` entry re-exports): the worker imports that very file, which
 * is the module instance `import MarkdownIt from 'markdown-it'` gave the program.
 */
function packageModuleReference(fn: Function, url: string): ImportMarker | undefined {
  // A declaration nothing else in its module refers to is not in any scope V8 keeps, so the function is
  // matched to the declaration it was made from: its name and where V8 compiled it.
  const at = generatedFunctionLocation(fn);
  if (!at) return undefined;
  const within = (a: { line: number; column: number }, b: { line: number; column: number }) =>
    a.line < b.line || (a.line === b.line && a.column <= b.column);
  const match = packageModuleExports(fileURLToPath(url)).find(
    (declaration) => declaration.local === fn.name && within(declaration.start, at) && within(at, declaration.end),
  );
  if (!match) return undefined;
  const marker: ImportMarker = {
    [MARK]: 'import',
    specifier: url,
    imported: match.exported,
    parent: url,
    via: 'import',
  };
  return match.property === undefined ? marker : { ...marker, property: match.property };
}

function packageRootOf(file: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const parent = dirname(dir);
    const scoped = basename(parent).startsWith('@') && basename(dirname(parent)) === 'node_modules';
    if ((basename(parent) === 'node_modules' || scoped) && existsSync(join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

function keyHolding(holder: unknown, value: unknown): string | undefined {
  if (holder === null || (typeof holder !== 'object' && typeof holder !== 'function')) return undefined;
  for (const key of Object.keys(holder)) {
    try {
      if ((holder as Record<string, unknown>)[key] === value) return key;
    } catch {
      // a getter that throws holds nothing we can name
    }
  }
  return undefined;
}
