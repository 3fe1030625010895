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
  if (url.startsWith('node:') || url.includes('/node_modules/')) {
    const said = (defined: string) =>
      `Cannot send ${what} at ${path} by reference${defined}: it is code of ${url} that its package does not ` +
      'export, so the worker cannot import it.';
    throw new PickleError(said(describeLocation(location)), {
      summary: said(''),
      path,
      valueType,
      location,
      hint: PACKAGE_CODE_HINT,
    });
  }
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
