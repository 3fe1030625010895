import { functionLocation } from '../loader/index';
import { moduleScopes } from '../loader/module-scope';
import { registeredWorkerpoolMethods } from '../loader/workerpool-worker';
import type { SourceLocation } from '../protocol/report';

/** A function or class the worker can import: module URL and the path from the module's exports. */
export interface ExportReference {
  url: string;
  path: string[];
  /** Found among the methods the module registers with `workerpool.worker({ … })`, by name, as workerpool does. */
  registry?: 'workerpool';
}

/** A module-level binding that is not exported: the JS twin of a function defined in Python's `__main__`. */
export interface ModuleBinding {
  url: string;
  name: string;
}

function safeGet(holder: unknown, key: string): unknown {
  try {
    return (holder as Record<string, unknown>)[key];
  } catch {
    return undefined; // an export still in its temporal dead zone
  }
}

const awaitedExports = new WeakMap<object, ExportReference>();

/**
 * Records that `value` is what an export resolves to (`export default load()`, an async factory whose promise
 * gives the task function): a pool awaits the export, and so does the worker following this reference.
 */
export function rememberAwaitedExport(value: object, reference: ExportReference): void {
  awaitedExports.set(value, reference);
}

/**
 * Finds `value` among the exports of the loaded user modules: `double`, `default`, `Point.prototype.norm`,
 * the whole `module.exports` of a CommonJS module (an empty path), or an awaited export.
 */
export function findExportReference(value: unknown): ExportReference | undefined {
  const awaited = typeof value === 'function' ? awaitedExports.get(value) : undefined;
  if (awaited) return awaited;
  const scopes = [...moduleScopes().values()];
  for (const scope of scopes) {
    const exports = scope.exports();
    if (scope.format === 'cjs' && exports === value) return { url: scope.url, path: [] };
    for (const key of Object.keys(exports)) if (safeGet(exports, key) === value) return { url: scope.url, path: [key] };
  }
  for (const scope of scopes) {
    const methods = registeredWorkerpoolMethods(scope.file) ?? {};
    for (const key of Object.keys(methods))
      if (methods[key] === value) return { url: scope.url, path: [key], registry: 'workerpool' };
  }
  for (const scope of scopes) {
    const exports = scope.exports();
    for (const key of Object.keys(exports)) {
      const holder = safeGet(exports, key);
      if (holder === null || (typeof holder !== 'object' && typeof holder !== 'function')) continue;
      for (const member of Object.getOwnPropertyNames(holder)) {
        if (safeGet(holder, member) === value) return { url: scope.url, path: [key, member] };
      }
      const prototype = typeof holder === 'function' ? (holder.prototype as object | undefined) : undefined;
      if (!prototype) continue;
      for (const member of Object.getOwnPropertyNames(prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(prototype, member);
        if (descriptor?.value === value) return { url: scope.url, path: [key, 'prototype', member] };
      }
    }
  }
  return undefined;
}

/** Finds `value` among the module-level bindings (exported or not, imports excluded) of the loaded user modules. */
export function findModuleBinding(value: unknown): ModuleBinding | undefined {
  for (const scope of moduleScopes().values()) {
    for (const name of scope.names) {
      if (name in scope.imports) continue;
      let bound: unknown;
      try {
        bound = scope.get(name);
      } catch {
        continue;
      }
      if (bound === value) return { url: scope.url, name };
    }
  }
  return undefined;
}

const definitions = new WeakMap<Function, SourceLocation | undefined>();

/** Where a function or class is defined, for error messages; undefined for built-ins. Looked up once per function. */
export function definitionOf(fn: Function): SourceLocation | undefined {
  if (definitions.has(fn)) return definitions.get(fn);
  let location: SourceLocation | undefined;
  try {
    location = functionLocation(fn);
  } catch {
    location = undefined;
  }
  definitions.set(fn, location);
  return location;
}

export function describeLocation(location: SourceLocation | undefined): string {
  return location ? ` (defined at ${location.file}:${location.line}:${location.column})` : '';
}
