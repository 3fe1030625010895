import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { distFile, packageRoot } from '../paths';
import { compileUserModule } from './compile';
import { isUserFile, moduleFormat, USER_CODE_EXTENSIONS } from './module-format';
import { currentCommonJsVersion, withVersion } from './module-version';
import { resolveAlias } from './tsconfig-paths';
import { installWorkerpoolWorker } from './workerpool-worker';

let installed = false;

type CompileHook = (module: Module & { _compile(code: string, file: string): void }, file: string) => void;

/**
 * Makes the current process or thread able to import the user's code as their program would
 * (TypeScript compiled on the fly, ESM and CommonJS). Called once by every worker at start-up
 * and by the worker host before it loads a user module.
 */
export function installUserCodeLoader(): void {
  if (installed) return;
  installed = true;
  const root = packageRoot();
  register(pathToFileURL(hooksFile(root)).href, { data: { packageRoot: root } });
  installCommonJsCompiler(root);
  installCommonJsAliases(root);
  installWorkerpoolWorker();
}

type ResolveFilename = (
  request: string,
  parent: { filename?: string | null } | undefined,
  ...rest: unknown[]
) => string;

/** CommonJS `require('@app/x')` in user code follows the project's tsconfig `paths` and `baseUrl`, as imports do. */
function installCommonJsAliases(root: string): void {
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = loader._resolveFilename;
  loader._resolveFilename = function (request, parent, ...rest) {
    const importer = parent?.filename;
    if (importer && isUserFile(importer, root)) {
      const alias = resolveAlias(request, importer);
      if (alias && 'missing' in alias) throw Object.assign(new Error(alias.missing), { code: 'MODULE_NOT_FOUND' });
      if (alias) return alias.file;
    }
    return original.call(this, request, parent, ...rest);
  };
}

/** ESM: the hooks (./hooks.ts) run on Node's loader thread. */
function hooksFile(root: string): string {
  const built = distFile('loader-hooks.mjs');
  if (existsSync(built)) return built;
  // Running from source before a build (unit tests): bundle the hooks once into the cache.
  const target = join(root, 'node_modules', '.cache', 'serialization-profiler', 'loader-hooks.mjs');
  mkdirSync(join(target, '..'), { recursive: true });
  buildSync({
    entryPoints: [join(root, 'worker-host', 'loader', 'hooks.ts')],
    outfile: target,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['esbuild'],
    logLevel: 'silent',
  });
  return target;
}

/** CommonJS: user files reached through `require` (or imported as CommonJS) get the same compilation. */
function installCommonJsCompiler(root: string): void {
  const extensions = (Module as unknown as { _extensions: Record<string, CompileHook> })._extensions;
  for (const extension of USER_CODE_EXTENSIONS) {
    const previous = extensions[extension] ?? extensions['.js'];
    extensions[extension] = (module, file) => {
      if (!isUserFile(file, root)) return previous(module, file);
      const source = readFileSync(file, 'utf8');
      if (moduleFormat(file, source) === 'esm') return previous(module, file);
      module._compile(
        compileUserModule(source, withVersion(pathToFileURL(file).href, currentCommonJsVersion()), 'cjs'),
        file,
      );
    };
  }
}
