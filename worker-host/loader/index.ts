import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseExpressionAt } from 'acorn';
import { ProfileInputError } from '../protocol/input-problem';
import type { SourceLocation } from '../protocol/report';
import { compileUserModule, toSource, UserSyntaxError } from './compile';
import { generatedFunctionLocation } from './function-inspector';
import { installUserCodeLoader } from './install';
import { moduleFormat } from './module-format';
import { moduleScopes, type ModuleScope } from './module-scope';
import { poolNamespace } from './piscina-namespace';
import { registeredWorkerpoolMethods, registersWithWorkerpool, whenRegistered } from './workerpool-worker';
import { enterVersion, recordLoad, versionFor, versionOf, withVersion } from './module-version';

export { installUserCodeLoader } from './install';
export { moduleScopes, type ModuleScope } from './module-scope';

export interface UserModule {
  file: string;
  url: string;
  format: 'esm' | 'cjs';
  /** The module's exports. */
  namespace: Record<string, unknown>;
  /**
   * The exports as a pool's worker imports them by file name (piscina, tinypool): see ./piscina-namespace.ts;
   * with the methods a workerpool worker file registers by name (./workerpool-worker.ts) where no export has it.
   */
  poolExports(): Record<string, unknown>;
  /** Module-level bindings, including non-exported and imported ones. */
  bindingNames(): string[];
  getBinding(name: string): unknown;
  locationOf(name: string): SourceLocation | undefined;
}

/**
 * Loads the user's file as their program would import it, as a non-main module (an "am I the entry script"
 * guard does not run), with every module-level binding reachable.
 */
export async function loadUserModule(
  file: string,
  { registrationTimeoutMs = 10_000 }: { registrationTimeoutMs?: number } = {},
): Promise<UserModule> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new ProfileInputError({ code: 'missing-file', message: `${path}: no such file.` });
  }
  installUserCodeLoader();
  const version = versionFor(path);
  const url = withVersion(pathToFileURL(path).href, version);
  const format = moduleFormat(path);
  const source = readFileSync(path, 'utf8');
  try {
    compileUserModule(source, url, format);
  } catch (error) {
    if (!(error instanceof UserSyntaxError)) throw error;
    throw new ProfileInputError(
      { code: 'module-syntax', message: error.message, location: error.location },
      { cause: error },
    );
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = await importVersioned(path, url, format);
    await moduleScopes().get(url)?.loadDroppedImports?.();
    recordLoad(path, version, true);
    // A workerpool worker file may register its tasks after an asynchronous set-up; its pool waits for that.
    if (registersWithWorkerpool(source)) await whenRegistered(path, registrationTimeoutMs);
  } catch (error) {
    recordLoad(path, version, false);
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof SyntaxError ? 'module-syntax' : 'module-load';
    throw new ProfileInputError({ code, message: `${path}: loading the module failed: ${message}` }, { cause: error });
  }
  return userModule(path, url, format, namespace, moduleScopes().get(url));
}

function userModule(
  file: string,
  url: string,
  format: 'esm' | 'cjs',
  namespace: Record<string, unknown>,
  scope: ModuleScope | undefined,
): UserModule {
  return {
    file,
    url,
    format,
    namespace,
    poolExports: () => ({
      ...registeredWorkerpoolMethods(file),
      ...poolNamespace(scope?.exports() ?? namespace, format),
    }),
    bindingNames: () => scope?.names.slice() ?? Object.keys(namespace),
    getBinding: (name) => (scope && scope.names.includes(name) ? scope.get(name) : namespace[name]),
    locationOf: (name) => scope?.locations[name],
  };
}

/** Evaluates an argument list (`21, largeList`) in the module's scope; `''` gives no arguments. */
export function evaluateArguments(module: UserModule, expression: string): unknown[] {
  if (expression.trim() === '') return [];
  const wrapped = `[${expression}\n]`;
  try {
    const parsed = parseExpressionAt(wrapped, 0, { ecmaVersion: 'latest' });
    if (parsed.end !== wrapped.length) throw Object.assign(new SyntaxError('Unexpected token'), { pos: parsed.end });
  } catch (error) {
    const position = (error as { pos?: number }).pos ?? 1;
    const column = Math.min(Math.max(position, 1), expression.length + 1);
    throw new ProfileInputError(
      {
        code: 'args-syntax',
        message: `Arguments '${expression}': ${(error as Error).message.replace(/ \(\d+:\d+\)$/, '')} at column ${column}.`,
      },
      { cause: error },
    );
  }
  const scope = moduleScopes().get(module.url);
  try {
    const values = scope ? scope.evaluate(wrapped) : (0, eval)(wrapped);
    return values as unknown[];
  } catch (error) {
    throw new ProfileInputError(
      { code: 'args-evaluation', message: `Arguments '${expression}' failed to evaluate: ${(error as Error).message}` },
      { cause: error },
    );
  }
}

/**
 * evaluateArguments that also takes `await` (`await loadFixture(), 3`), as a module's top level does: the list
 * is evaluated in an async arrow function in the module's scope, and awaited.
 */
export async function evaluateArgumentsAwaiting(module: UserModule, expression: string): Promise<unknown[]> {
  if (!/\bawait\b/.test(expression)) return evaluateArguments(module, expression);
  const wrapped = `(async () => [${expression}\n])`;
  try {
    parseExpressionAt(wrapped, 0, { ecmaVersion: 'latest' });
  } catch (error) {
    throw new ProfileInputError(
      {
        code: 'args-syntax',
        message: `Arguments '${expression}': ${(error as Error).message.replace(/ \(\d+:\d+\)$/, '')}.`,
      },
      { cause: error },
    );
  }
  const scope = moduleScopes().get(module.url);
  try {
    const pending = scope ? scope.evaluate(`${wrapped}()`) : (0, eval)(`${wrapped}()`);
    return (await pending) as unknown[];
  } catch (error) {
    throw new ProfileInputError(
      { code: 'args-evaluation', message: `Arguments '${expression}' failed to evaluate: ${(error as Error).message}` },
      { cause: error },
    );
  }
}

/** Where a function is defined, 1-based, in the user's source (through the source map for TypeScript). */
export function functionLocation(fn: Function): SourceLocation | undefined {
  const generated = generatedFunctionLocation(fn);
  if (!generated || !generated.url.startsWith('file:')) return undefined;
  const scope = moduleScopes().get(generated.url);
  return toSource(fileURLToPath(generated.url), scope?.sourceMap, {
    line: generated.line + 1,
    column: generated.column + 1,
  });
}

/**
 * The exports of a module given by URL, imported the way loadUserModule imports it (used by the picklers in
 * the worker to find functions and classes by reference). For a user module, its scope accessor's view.
 */
export async function importModuleExports(url: string): Promise<Record<string, unknown>> {
  installUserCodeLoader();
  const known = moduleScopes().get(url);
  if (known) return known.exports();
  if (!url.startsWith('file:')) return (await import(url)) as Record<string, unknown>;
  const path = fileURLToPath(url);
  const namespace = await importVersioned(path, url, moduleFormat(path));
  return moduleScopes().get(url)?.exports() ?? namespace;
}

/** ESM by its (versioned) URL; CommonJS by file name, after the require cache let go of other versions. */
async function importVersioned(path: string, url: string, format: 'esm' | 'cjs'): Promise<Record<string, unknown>> {
  enterVersion(versionOf(url));
  if (format === 'esm') return (await import(url)) as Record<string, unknown>;
  return createRequire(path)(path) as Record<string, unknown>;
}
