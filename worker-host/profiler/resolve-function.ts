import { readFileSync } from 'node:fs';
import { ProfileInputError } from '../protocol/input-problem';
import { rememberAwaitedExport } from '../picklers/function-identity';
import { closestMatch } from './close-match';
import { usesReceiver } from './method-receiver';

/** What the profiler needs of a loaded user module: its top-level bindings, exported or not, and its exports. */
export interface ModuleBindings {
  file: string;
  url?: string;
  format?: 'esm' | 'cjs';
  bindingNames(): string[];
  getBinding(name: string): unknown;
  /** The exports as a pool's worker imports them by file name (`default` is a CommonJS `module.exports`). */
  poolExports?(): Record<string, unknown>;
}

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * The task function a pool would run for `name`, as piscina and tinypool find it: an export of the module
 * (`default` too: ESM `export default`, CommonJS `module.exports`), awaited when it is a promise (an async
 * factory's); else a module-level function or method by its name (./resolveFunction).
 */
export async function resolveTarget(module: ModuleBindings, name: string): Promise<AnyFunction> {
  const exports = module.poolExports?.();
  if (exports && !name.includes('.') && Object.hasOwn(exports, name) && !module.bindingNames().includes(name)) {
    let value = exports[name];
    if (isThenable(value)) {
      value = await value;
      if (typeof value === 'function' && module.url) {
        // A CommonJS module's `default` is its whole `module.exports`, which the worker's import returns as is.
        const whole = module.format === 'cjs' && name === 'default' && !exports.__esModule;
        rememberAwaitedExport(value, { url: module.url, path: whole ? [] : [name] });
      }
    }
    if (typeof value === 'function' && !isClass(value)) return value as AnyFunction;
    throw notAFunction(module, name, value);
  }
  return resolveFunction(module, name);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

function notAFunction(module: ModuleBindings, name: string, value: unknown): ProfileInputError {
  const what =
    value === null
      ? 'null'
      : isClass(value)
        ? 'a class'
        : Array.isArray(value)
          ? 'an array'
          : `${/^[aeiou]/.test(typeof value) ? 'an' : 'a'} ${typeof value}`;
  const others = listFunctions(module);
  return new ProfileInputError({
    code: 'unknown-function',
    message:
      `${module.file}: export '${name}' is ${what}, not a function, so a pool could not run it` +
      (others.length > 0 ? `; the functions it has: ${others.join(', ')}.` : '.'),
    available: others,
  });
}

/**
 * Finds `name` in the module: a top-level function, `Class.prototype.method`, `Class.staticMethod`, or
 * `Class.method` for a prototype method. Throws `unknown-function` listing what the file has.
 */
export function resolveFunction(module: ModuleBindings, name: string): AnyFunction {
  const [head, ...rest] = name.split('.');
  let value: unknown = module.bindingNames().includes(head) ? module.getBinding(head) : undefined;
  for (const [index, key] of rest.entries()) {
    if (typeof value !== 'function' && (typeof value !== 'object' || value === null)) {
      value = undefined;
      break;
    }
    const owner = value as Record<string, unknown>;
    const ownerIsFunction = typeof value === 'function';
    const isLast = index === rest.length - 1;
    value = key in owner ? owner[key] : undefined;
    if (value === undefined && isLast && ownerIsFunction) {
      value = (owner.prototype as Record<string, unknown> | undefined)?.[key];
    }
  }
  if (typeof value === 'function' && !isClass(value)) {
    if (rest.length > 0 && usesReceiver(value))
      throw needsReceiver(module, name, head, !(rest[rest.length - 1]! in Object(owner(module, head, rest))));
    return value as AnyFunction;
  }
  throw unknownFunction(module, name);
}

/** The object a dotted name's last key is read from (`Page` for `Page.create`, `Page.prototype` for its methods). */
function owner(module: ModuleBindings, head: string, rest: string[]): unknown {
  let value: unknown = module.getBinding(head);
  for (const key of rest.slice(0, -1)) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/** A method that reads `this` is never run on a made-up receiver: a pool calls its task's function bare. */
function needsReceiver(
  module: ModuleBindings,
  name: string,
  className: string,
  onPrototype: boolean,
): ProfileInputError {
  const method = name.split('.').pop()!;
  const isInstanceMethod = onPrototype || name.includes('.prototype.');
  const wrapper = isInstanceMethod
    ? `export const ${method}Task = (instance, ...args) => instance.${method}(...args)`
    : `export const ${method}Task = (...args) => ${className}.${method}(...args)`;
  return new ProfileInputError({
    code: 'unknown-function',
    message:
      `${module.file}: ${name} reads \`this\` ` +
      `(${isInstanceMethod ? `an instance of ${className}` : `the class ${className}`}), ` +
      `and a worker pool calls a task's function bare, so it is not run on a made-up receiver; ` +
      `profile a function that calls it instead, e.g. \`${wrapper}\`.`,
  });
}

/** The callable names a file offers: top-level functions and the methods of its top-level classes. */
export function listFunctions(module: ModuleBindings): string[] {
  const names: string[] = [];
  const exports = module.poolExports?.() ?? {};
  for (const key of Object.keys(exports)) {
    if (module.bindingNames().includes(key)) continue;
    const value = safeGet(exports, key);
    if ((typeof value === 'function' && !isClass(value)) || isThenable(value)) names.push(key);
  }
  const written = sourceText(module.file);
  for (const binding of module.bindingNames()) {
    // A name the compiler made up (TypeScript's `export default x` becomes `ts_default_default`) is not offered.
    if (written !== undefined && !new RegExp(`(^|[^\\w$])${binding.replace(/\$/g, '\\$')}($|[^\\w$])`).test(written))
      continue;
    let value: unknown;
    try {
      value = module.getBinding(binding);
    } catch {
      continue; // A binding still in its temporal dead zone is not a function to offer.
    }
    if (typeof value !== 'function') continue;
    if (!isClass(value)) {
      names.push(binding);
      continue;
    }
    for (const key of Object.getOwnPropertyNames(value)) {
      if (!['length', 'name', 'prototype'].includes(key) && isPlainMethod(value, key)) names.push(`${binding}.${key}`);
    }
    const prototype = (value as { prototype?: object }).prototype ?? {};
    for (const key of Object.getOwnPropertyNames(prototype)) {
      if (key !== 'constructor' && isPlainMethod(prototype, key)) names.push(`${binding}.prototype.${key}`);
    }
  }
  return names;
}

function safeGet(holder: Record<string, unknown>, key: string): unknown {
  try {
    return holder[key];
  } catch {
    return undefined;
  }
}

function sourceText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isPlainMethod(owner: object, key: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(owner, key);
  return typeof descriptor?.value === 'function';
}

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function unknownFunction(module: ModuleBindings, name: string): ProfileInputError {
  const available = listFunctions(module);
  const suggestion = closestMatch(name, available);
  const listed = available.length > 0 ? `it has: ${available.join(', ')}` : 'it has no functions';
  const didYouMean = suggestion ? ` Did you mean '${suggestion}'?` : '';
  const what =
    name === 'default'
      ? 'no default export (what a pool runs when given the file and no name)'
      : `no function '${name}'`;
  return new ProfileInputError({
    code: 'unknown-function',
    message: `${module.file} has ${what}; ${listed}.${didYouMean}`,
    available,
  });
}
