import { functionScopes, generatedFunctionLocation } from '../loader/function-inspector';
import type { FunctionAsStringVerdict, LostBinding } from '../protocol/report';
import { definitionOf } from './function-identity';
import { analyseFunction } from './function-source';
import { moduleRecord } from './importable';

/**
 * What workerpool's `pool.exec(fn, args)` does with a function: it sends `String(fn)` and its worker rebuilds
 * it with `new Function('return (' + text + ').apply(this, arguments);')`. The text is all that arrives, so
 * every binding the function reads from its module or a closure (a constant, an import, a helper, `require`)
 * is undefined there — a ReferenceError when the code reads it — and a text that is not an expression on its
 * own (a method's shorthand, a bound or built-in function) does not even compile. Nothing is run to know this:
 * the text is compiled as workerpool compiles it, and the names are the function's captured variables.
 */
export function functionAsStringVerdict(fn: Function): FunctionAsStringVerdict {
  const text = Function.prototype.toString.call(fn);
  try {
    // Compiled, never called: the same wrapper workerpool's worker builds.
    new Function(`return (${text}).apply(this, arguments);`);
  } catch (error) {
    return { verdict: 'fails', lost: [], syntaxError: `${(error as Error).name}: ${(error as Error).message}` };
  }
  const lost = lostBindings(fn);
  return { verdict: lost.length > 0 ? 'fails' : 'runs', lost };
}

function lostBindings(fn: Function): LostBinding[] {
  let freeNames: string[];
  try {
    freeNames = analyseFunction(fn).freeNames;
  } catch {
    return [];
  }
  if (freeNames.length === 0) return [];
  const scopes = functionScopes(fn, new Set(freeNames));
  const record = moduleRecord(generatedFunctionLocation(fn)?.url ?? '');
  const moduleIndex = record?.format === 'cjs' ? scopes.length - 1 : scopes.findIndex((s) => s.type === 'module');
  const lost: LostBinding[] = [];
  for (const name of freeNames) {
    const index = scopes.findIndex((scope) => scope.variables.has(name));
    if (index < 0) continue; // a global: workerpool's worker has its own
    const atModuleLevel = index === moduleIndex;
    const imported = atModuleLevel ? record?.imports[name] : undefined;
    const value = scopes[index]!.variables.get(name);
    const location =
      (atModuleLevel ? record?.locations[name] : undefined) ??
      (typeof value === 'function' ? definitionOf(value) : undefined);
    lost.push({
      name,
      kind:
        imported || (record?.format === 'cjs' && name === 'require') ? 'import' : atModuleLevel ? 'module' : 'closure',
      ...(imported && { from: imported.specifier }),
      ...(location && { location }),
    });
  }
  return lost;
}
