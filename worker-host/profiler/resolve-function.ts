import { ProfileInputError } from '../protocol/input-problem';
import { closestMatch } from './close-match';

/** What the profiler needs of a loaded user module: its top-level bindings, exported or not. */
export interface ModuleBindings {
  file: string;
  bindingNames(): string[];
  getBinding(name: string): unknown;
}

type AnyFunction = (...args: unknown[]) => unknown;

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
  if (typeof value === 'function' && !isClass(value)) return value as AnyFunction;
  throw unknownFunction(module, name);
}

/** The callable names a file offers: top-level functions and the methods of its top-level classes. */
export function listFunctions(module: ModuleBindings): string[] {
  const names: string[] = [];
  for (const binding of module.bindingNames()) {
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
  return new ProfileInputError({
    code: 'unknown-function',
    message: `${module.file} has no function '${name}'; ${listed}.${didYouMean}`,
    available,
  });
}
