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

/** An export of a package's ES module that a top-level declaration makes: its local name and where it is. */
export interface PackageExport {
  exported: string;
  /** Set when the export is an object literal (`export default { tokenize }`) and this is one of its functions. */
  property?: string;
  local: string;
  /** The declaration's span, 0-based lines and columns as V8 reports a function's location. */
  start: { line: number; column: number };
  end: { line: number; column: number };
}

const packageExports = new Map<string, PackageExport[]>();

/**
 * What an ES module of an npm package exports that a top-level function or class declaration defines
 * (`function MarkdownIt…` + `export default MarkdownIt`), read from its file: none for a CommonJS file or one
 * that does not parse. Package files do not change while a program runs, so the answer is kept.
 */
export function packageModuleExports(file: string): PackageExport[] {
  let found = packageExports.get(file);
  if (!found) {
    try {
      found = readPackageExports(file);
    } catch {
      found = [];
    }
    packageExports.set(file, found);
  }
  return found;
}

function readPackageExports(file: string): PackageExport[] {
  const source = readFileSync(file, 'utf8');
  if (moduleFormat(file, source) !== 'esm') return [];
  const locals = exportedLocals(source);
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) as Program;
  const declared = new Map<string, PackageExport['start'][]>();
  for (const statement of program.body) {
    const node =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement;
    if ((node?.type === 'FunctionDeclaration' || node?.type === 'ClassDeclaration') && node.id && node.loc) {
      const { start, end } = node.loc;
      declared.set(node.id.name, [
        { line: start.line - 1, column: start.column },
        { line: end.line - 1, column: end.column },
      ]);
    }
  }
  const found: PackageExport[] = Object.entries(locals).flatMap(([exported, local]) => {
    const span = declared.get(local);
    return span ? [{ exported, local, start: span[0]!, end: span[1]! }] : [];
  });
  for (const statement of program.body) {
    if (statement.type !== 'ExportDefaultDeclaration' || statement.declaration.type !== 'ObjectExpression') continue;
    for (const property of statement.declaration.properties) {
      if (property.type !== 'Property' || property.key.type !== 'Identifier') continue;
      if (property.value.type !== 'Identifier') continue;
      const span = declared.get(property.value.name);
      if (span)
        found.push({
          exported: 'default',
          property: property.key.name,
          local: property.value.name,
          start: span[0]!,
          end: span[1]!,
        });
    }
  }
  return found;
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
