import { PickleError } from '../errors';
import { generatedFunctionLocation } from '../loader/function-inspector';
import { moduleScopes } from '../loader/module-scope';
import { definitionOf, describeLocation, findModuleBinding } from './function-identity';
import { importableReference } from './importable';
import { MARK, type FunctionMarker } from './markers';
import { describeValueType, isClass, isNativeFunction } from './value-type';
import { unwrapNonPicklable } from './wrap';

const REFERENCE_HINT = 'export it, or wrap it with wrapNonPicklable / use by-value';
/** Code of a package or of Node that nothing exports: the user cannot export it, only stop sending it. */
export const PACKAGE_CODE_HINT = 'import what the package exports in the function that needs it, and pass data instead';

/** Code of Node itself or of an installed package: the worker can only import what the package exports. */
export function isPackageCode(url: string): boolean {
  return url.startsWith('node:') || url.includes('/node_modules/');
}

interface PackageCodeSend {
  /** The value as the message names it (`the function parse`, `an anonymous class`). */
  what: string;
  path: string;
  /** How it was being sent, as the message says it (' by reference'), or '' . */
  how: string;
  url: string;
  valueType: string;
  location: ReturnType<typeof definitionOf>;
  /** What else is said of it after the reason (by value: that package code is not sent as source). */
  also?: string;
}

/** The refusal of a package's function or class that its package does not export, in every mode. */
export function packageCodeRefusal(send: PackageCodeSend): PickleError {
  const { what, path, how, url, valueType, location, also = '' } = send;
  const said = (defined: string) =>
    `Cannot send ${what} at ${path}${how}${defined}: it is code of ${url} that its package does not export, so the ` +
    `worker cannot import it${also}.`;
  return new PickleError(said(describeLocation(location)), {
    summary: said(''),
    path,
    valueType,
    location,
    hint: PACKAGE_CODE_HINT,
  });
}

/**
 * A function or class as a reference the worker resolves by importing: an export path, a global, or a
 * non-exported module-level binding (which the worker then fails to import, as pickle fails on a
 * function defined in `__main__`). Anything else cannot be referenced: a PickleError naming its path.
 */
export function referenceTo(value: Function, path: string): FunctionMarker {
  const fn = unwrapNonPicklable(value) ?? value;
  const valueType = describeValueType(fn);
  const importable = importableReference(fn);
  if (importable?.[MARK] === 'export') return importable;
  if (isNativeFunction(fn) && (globalThis as Record<string, unknown>)[fn.name] === fn)
    return { [MARK]: 'global', name: fn.name };
  const binding = findModuleBinding(fn);
  if (binding) {
    const location = moduleScopes().get(binding.url)?.locations[binding.name] ?? definitionOf(fn);
    return { [MARK]: 'local', url: binding.url, name: binding.name, valueType, location };
  }
  const location = definitionOf(fn);
  const what = fn.name ? valueType : `an anonymous ${isClass(fn) ? 'class' : 'function'}`;
  const url = generatedFunctionLocation(fn)?.url ?? '';
  if (isPackageCode(url)) throw packageCodeRefusal({ what, path, how: ' by reference', url, valueType, location });
  const said = (defined: string) =>
    `Cannot send ${what} at ${path} by reference${defined}: a worker could not import it, as it is not a ` +
    'module-level binding of a module (a closure, a method or an anonymous function)';
  throw new PickleError(`${said(describeLocation(location))}; ${REFERENCE_HINT}.`, {
    summary: `${said('')}.`,
    path,
    valueType,
    location,
    hint: REFERENCE_HINT,
  });
}
