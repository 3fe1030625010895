import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync, version as esbuildVersion, type TransformOptions } from 'esbuild';
import type { SourceLocation } from '../protocol/report';
import { findModuleBindings, type GeneratedPosition, type ImportedBinding } from './module-bindings';
import { droppedImportDeclarations, droppedImportsLoader } from './dropped-imports';
import { MODULE_SCOPES_KEY } from './module-scope';
import { withoutVersion } from './module-version';

/** Bump when the injected code changes, so cached compilations are not reused. */
const COMPILER_VERSION = 6;
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

export function isTypeScript(file: string): boolean {
  return TYPESCRIPT_EXTENSIONS.has(extname(file));
}

/** A syntax error in the user's source, positioned as the editor shows it (1-based). */
export class UserSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly location: SourceLocation,
  ) {
    super(`${location.file}:${location.line}:${location.column}: ${message}`);
    this.name = 'SyntaxError';
  }
}

function cacheDir(): string {
  return process.env.SERIALIZATION_PROFILER_CACHE_DIR || join(tmpdir(), 'serialization-profiler-cache');
}

/**
 * The code Node runs for a user file: TypeScript compiled by esbuild, then the module-scope accessor
 * (./module-scope.ts) appended. Cached on disk by a hash of the content, so a worker (or the loader
 * thread) reloading the same file does not compile it again.
 */
export function compileUserModule(source: string, url: string, format: 'esm' | 'cjs'): string {
  const key = createHash('sha256')
    .update(JSON.stringify([COMPILER_VERSION, esbuildVersion, format, url]))
    .update(source)
    .digest('hex');
  const cached = join(cacheDir(), `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    // not compiled yet
  }
  const code = compileUncached(source, url, format);
  try {
    mkdirSync(cacheDir(), { recursive: true });
    const temporary = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temporary, code);
    renameSync(temporary, cached);
  } catch {
    // a cache that cannot be written only costs time
  }
  return code;
}

function compileUncached(source: string, url: string, format: 'esm' | 'cjs'): string {
  const file = fileURLToPath(url);
  let code = source;
  let map: string | undefined;
  let dropped: Record<string, ImportedBinding> = {};
  if (isTypeScript(file)) {
    try {
      const output = transformSync(source, typeScriptOptions(file, format));
      code = output.code;
      map = output.map;
      dropped = droppedImports(source, file, format === 'esm' ? code : undefined);
    } catch (error) {
      const first = (error as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors?.[0];
      if (first?.location) {
        throw new UserSyntaxError(first.text, { file, line: first.location.line, column: first.location.column + 1 });
      }
      throw error;
    }
  }
  let bindings;
  try {
    bindings = findModuleBindings(code, format);
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    if (!loc) throw error;
    const message = (error as Error).message.replace(/ \(\d+:\d+\)$/, '');
    throw new UserSyntaxError(message, toSource(file, map, { line: loc.line, column: loc.column + 1 }));
  }
  const toUserSource = sourceMapper(file, map);
  const locations: Record<string, SourceLocation> = {};
  for (const [name, position] of Object.entries(bindings.positions)) locations[name] = toUserSource(position);
  const description = JSON.stringify({
    url,
    file,
    format,
    names: [...bindings.names, ...Object.keys(dropped)],
    imports: { ...bindings.imports, ...dropped },
    locations,
    sourceMap: map,
  });
  const self = format === 'esm' ? '__sp$self' : 'module.exports';
  const accessor =
    droppedImportDeclarations(dropped) +
    (format === 'esm' ? `import * as __sp$self from ${JSON.stringify(url)};\n` : '') +
    `((__sp$scopes, __sp$scope) => { __sp$scopes.set(${JSON.stringify(url)}, __sp$scope); ` +
    // The unversioned URL names the latest load (V8 names CommonJS scripts by it).
    `__sp$scopes.delete(${JSON.stringify(withoutVersion(url))}); ` +
    `__sp$scopes.set(${JSON.stringify(withoutVersion(url))}, __sp$scope); })(` +
    `globalThis[Symbol.for(${JSON.stringify(MODULE_SCOPES_KEY)})] ??= new Map(), ` +
    `{ ...${description}, get: (__sp$n) => eval(__sp$n), evaluate: (__sp$e) => eval(__sp$e), exports: () => ${self}` +
    `${droppedImportsLoader(dropped, format)} });\n`;
  const mapComment = map
    ? `//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}\n`
    : '';
  // Stack traces and the inspector name a versioned ES module by its file's plain URL.
  const urlComment = format === 'esm' && url !== withoutVersion(url) ? `//# sourceURL=${withoutVersion(url)}\n` : '';
  return `${code}\n;${accessor}${mapComment}${urlComment}`;
}

function typeScriptOptions(file: string, format: 'esm' | 'cjs', keepValueImports = false): TransformOptions {
  return {
    loader: extname(file) === '.tsx' ? 'tsx' : 'ts',
    format,
    target: 'node20',
    sourcefile: file,
    sourcemap: keepValueImports ? false : 'external',
    sourcesContent: false,
    ...(keepValueImports ? { tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } } } : {}),
  };
}

/**
 * TypeScript drops an import that no code reads (it cannot tell a value from a type without the type
 * checker), but an argument expression may still name it. These are the imports kept when every import not
 * written `import type` is kept, minus those the ordinary compilation kept: values read nowhere, or types.
 */
function droppedImports(
  source: string,
  file: string,
  compiledEsm: string | undefined,
): Record<string, ImportedBinding> {
  const kept = findModuleBindings(transformSync(source, typeScriptOptions(file, 'esm', true)).code, 'esm').imports;
  const compiled = findModuleBindings(
    compiledEsm ?? transformSync(source, typeScriptOptions(file, 'esm')).code,
    'esm',
  ).imports;
  return Object.fromEntries(Object.entries(kept).filter(([name]) => !(name in compiled)));
}

/** A 1-based position in generated code, mapped back to the user's source when there is a source map. */
export function toSource(file: string, map: string | undefined, position: GeneratedPosition): SourceLocation {
  return sourceMapper(file, map)(position);
}

/** toSource for many positions of one file: the source map is parsed once. */
function sourceMapper(file: string, map: string | undefined): (position: GeneratedPosition) => SourceLocation {
  const parsed = map === undefined ? undefined : new SourceMap(JSON.parse(map));
  return (position) => {
    const entry = parsed?.findEntry(position.line - 1, position.column - 1) as
      { originalLine?: number; originalColumn?: number } | undefined;
    if (entry?.originalLine === undefined || entry.originalColumn === undefined) {
      return { file, line: position.line, column: position.column };
    }
    return { file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  };
}
