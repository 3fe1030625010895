import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, type Pattern, type Program } from 'acorn';
import { moduleFormat, packageType } from './module-format';

/** The names an ES module exports, and the modules it re-exports from (`export … from`), read from its file. */
export interface ExportNames {
  names: ReadonlySet<string>;
  /** File URLs (no query) of the modules it imports or re-exports from, and those its re-exports come from. */
  sources: ReadonlySet<string>;
}

const cache = new Map<string, { mtimeMs: number; names: ExportNames | undefined }>();

/**
 * What an ES module's namespace holds, by name, without running it: undefined for CommonJS, a file that does
 * not parse, or a re-export of everything a package exports (`export * from 'pkg'`), whose names the file
 * does not say.
 */
export function moduleExportNames(url: string, mentioned: readonly string[] = []): ExportNames | undefined {
  return read(url.replace(/[?#].*$/, ''), new Set(), mentioned);
}

function read(url: string, visiting: Set<string>, mentioned: readonly string[] = []): ExportNames | undefined {
  if (!url.startsWith('file:') || visiting.has(url)) return undefined;
  const file = fileURLToPath(url);
  if (isPackageCommonJs(file)) return undefined;
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) return undefined;
  const known = cache.get(file);
  if (known && known.mtimeMs === stat.mtimeMs) return known.names;
  visiting.add(url);
  let names: ExportNames | undefined;
  try {
    const source = readFileSync(file, 'utf8');
    // Parsing every module a program loaded costs: a file that does not even mention the names asked about
    // (and re-exports nothing wholesale) cannot export them, and is left unparsed (and unremembered).
    if (!source.includes('export *') && !mentioned.every((name) => source.includes(name))) return undefined;
    names = moduleFormat(file, source) === 'esm' ? namesOf(url, source, visiting) : undefined;
  } catch {
    names = undefined;
  } finally {
    visiting.delete(url);
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, names });
  return names;
}

/**
 * A package's `.js` file outside a `"type": "module"` package is CommonJS to Node 20, read or not: told without
 * reading it (a program that loaded a large package has thousands of them, some of megabytes).
 */
function isPackageCommonJs(file: string): boolean {
  if (!file.includes(`${sep}node_modules${sep}`)) return false;
  const extension = extname(file);
  if (extension === '.mjs') return false;
  return extension !== '.js' || packageType(dirname(file)) !== 'module';
}

function namesOf(url: string, source: string, visiting: Set<string>): ExportNames | undefined {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true }) as Program;
  const names = new Set<string>();
  const sources = new Set<string>();
  const from = (specifier: unknown): string | undefined => {
    if (typeof specifier !== 'string' || !/^\.{1,2}\//.test(specifier)) return undefined;
    return pathToFileURL(fileURLToPath(new URL(specifier, url))).href;
  };
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') {
      // `import { f } from './impl.js'; export { f }`: f is defined there.
      const target = from(statement.source.value);
      if (target) sources.add(target);
    } else if (statement.type === 'ExportDefaultDeclaration') {
      names.add('default');
    } else if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.declaration;
      if (declaration?.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) bound(declarator.id, names);
      } else if (declaration) {
        names.add(declaration.id.name);
      }
      for (const specifier of statement.specifiers) {
        names.add(
          specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value),
        );
      }
      if (statement.source) {
        const target = from(statement.source.value);
        if (target) sources.add(target);
        for (const deeper of (target && read(target, visiting)?.sources) ?? []) sources.add(deeper);
      }
    } else if (statement.type === 'ExportAllDeclaration') {
      const target = from(statement.source.value);
      if (statement.exported) {
        names.add(
          statement.exported.type === 'Identifier' ? statement.exported.name : String(statement.exported.value),
        );
        continue;
      }
      const inner = target && read(target, visiting);
      if (!inner) return undefined;
      for (const name of inner.names) if (name !== 'default') names.add(name);
      sources.add(target);
      for (const deeper of inner.sources) sources.add(deeper);
    }
  }
  return { names, sources };
}

function bound(pattern: Pattern, names: Set<string>): void {
  if (pattern.type === 'Identifier') {
    names.add(pattern.name);
  } else if (pattern.type === 'ObjectPattern') {
    for (const property of pattern.properties)
      bound(property.type === 'Property' ? property.value : property.argument, names);
  } else if (pattern.type === 'ArrayPattern') {
    for (const element of pattern.elements) if (element) bound(element, names);
  } else if (pattern.type === 'RestElement') {
    bound(pattern.argument, names);
  } else if (pattern.type === 'AssignmentPattern') {
    bound(pattern.left, names);
  }
}
