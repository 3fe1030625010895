import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pickler } from './pickler';

/** The environment variable that chooses the process-wide default pickler, as LOKY_PICKLER does. */
export const PICKLER_ENV = 'SERIALIZATION_PROFILER_PICKLER';
export const DEFAULT_PICKLER = 'by-value';

const builtins = new Map<string, Pickler>();
const customs = new Map<string, Promise<Pickler>>();
let processDefault: string | undefined;

export function registerBuiltinPickler(pickler: Pickler): void {
  builtins.set(pickler.name, pickler);
}

/** A built-in pickler by name, without waiting a turn; undefined for any other name. */
export function builtinPickler(name: string): Pickler | undefined {
  return builtins.get(name);
}

export function builtinPicklerNames(): string[] {
  return [...builtins.keys()];
}

/** Chooses the process-wide default pickler (loky's `set_loky_pickler`). Throws for a name that cannot be used. */
export async function setPickler(name?: string): Promise<void> {
  if (name === undefined || name === '') {
    processDefault = undefined;
    return;
  }
  await resolvePickler(name);
  processDefault = name;
}

/** The process-wide default: `setPickler`'s choice, else the environment variable, else by-value. */
export function getPickler(): string {
  return processDefault ?? (process.env[PICKLER_ENV] || DEFAULT_PICKLER);
}

/**
 * A built-in pickler by name, or any module that exports `dumps` and `loads` (a package name, a path, or a
 * file URL). The same name resolves the same way in the parent and in the worker.
 */
export function resolvePickler(name: string): Promise<Pickler> {
  const builtin = builtins.get(name);
  if (builtin) return Promise.resolve(builtin);
  let pending = customs.get(name);
  if (!pending) {
    pending = importCustomPickler(name);
    customs.set(name, pending);
    pending.catch(() => customs.delete(name));
  }
  return pending;
}

async function importCustomPickler(name: string): Promise<Pickler> {
  const specifier = name.startsWith('.') || isAbsolute(name) ? pathToFileURL(resolve(name)).href : name;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const known = builtinPicklerNames().join(', ');
    throw new Error(
      `Unknown pickler '${name}': it is not a built-in (${known}) and importing it as a module failed: ` +
        `${(error as Error).message}`,
      { cause: error },
    );
  }
  const api = (typeof loaded.dumps === 'function' ? loaded : loaded.default) as Partial<Pickler> | undefined;
  if (!api || typeof api.dumps !== 'function' || typeof api.loads !== 'function') {
    throw new Error(`Pickler module '${name}' must export functions 'dumps' and 'loads'.`);
  }
  const { dumps, loads } = api;
  return { name, dumps: dumps.bind(api), loads: loads.bind(api) };
}
