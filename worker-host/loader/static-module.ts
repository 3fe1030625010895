import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse, type Program } from 'acorn';
import { transformSync } from 'esbuild';
import { packageRoot } from '../paths';
import { isTypeScript } from './compile';
import { findModuleBindings } from './module-bindings';
import { isUserFile, moduleFormat } from './module-format';
import type { ModuleScope } from './module-scope';

/**
 * A user module the program loaded by itself (the library's case: `import { rollup } from './report.js'`
 * before `executor.submit(rollup, rows)`), not through the profiler's loader, so it has no scope accessor.
 * What a by-value or by-reference pickler needs of it is read from its file: which bindings are imports (they
 * travel by reference) and what it exports under which local name. Values come from elsewhere: a CommonJS
 * module's `module.exports` from the require cache, an ES module's bindings from a function's own scopes.
 */
export interface StaticModule extends Pick<ModuleScope, 'url' | 'file' | 'format' | 'names' | 'imports' | 'locations'> {
  /** Export name → the module-level binding it exports (ES modules: `export function f`, `export { a as b }`). */
  exportedLocals: Record<string, string>;
  /** CommonJS: the current `module.exports`, if the module is in the require cache. */
  commonJsExports(): unknown;
}

const cache = new Map<string, { mtimeMs: number; module: StaticModule | undefined }>();

/** The static view of a user file's module by its URL, or undefined for anything but a readable user file. */
export function staticModule(url: string): StaticModule | undefined {
  if (!url.startsWith('file:')) return undefined;
  const file = fileURLToPath(url.replace(/\?.*$/, ''));
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile() || !isUserFile(file, packageRoot())) return undefined;
  const known = cache.get(url);
  if (known && known.mtimeMs === stat.mtimeMs) return known.module;
  let module: StaticModule | undefined;
  try {
    module = readModule(url, file);
  } catch {
    module = undefined; // a file that does not parse was not what the program ran
  }
  cache.set(url, { mtimeMs: stat.mtimeMs, module });
  return module;
}

function readModule(url: string, file: string): StaticModule {
  const source = readFileSync(file, 'utf8');
  const format = moduleFormat(file, source);
  const code = isTypeScript(file)
    ? transformSync(source, { loader: file.endsWith('x') ? 'tsx' : 'ts', format, target: 'node20', sourcefile: file })
        .code
    : source;
  const bindings = findModuleBindings(code, format);
  const locations = Object.fromEntries(
    Object.entries(bindings.positions).map(([name, position]) => [name, { file, ...position }]),
  );
  return {
    url,
    file,
    format,
    names: bindings.names,
    imports: bindings.imports,
    locations,
    exportedLocals: format === 'esm' ? exportedLocals(code) : {},
    commonJsExports: () => (createRequire(file).cache[file] as { exports?: unknown } | undefined)?.exports,
  };
}

function exportedLocals(code: string): Record<string, string> {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true }) as Program;
  const locals: Record<string, string> = {};
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
      const declaration = statement.declaration;
      if (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') {
        locals[declaration.id.name] = declaration.id.name;
      } else if (declaration?.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === 'Identifier') locals[declarator.id.name] = declarator.id.name;
        }
      }
      for (const specifier of statement.specifiers) {
        const exported =
          specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value);
        if (specifier.local.type === 'Identifier') locals[exported] = specifier.local.name;
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration;
      if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
        locals.default = declaration.id.name;
      } else if (declaration.type === 'Identifier') {
        locals.default = declaration.name;
      }
    }
  }
  return locals;
}
