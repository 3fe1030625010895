import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CONDITIONS = ['node', 'import', 'default'];

/**
 * Where `import 'pkg'` from `parentFile` leads, as Node's ES module resolver decides through the package's
 * `exports` and its `import` condition: a dual package gives its ES build, as it gave the user's module, not the
 * CommonJS build `require.resolve` finds. Undefined when the package has no `exports` (then both agree).
 */
export function resolvePackageImport(specifier: string, parentFile: string): string | undefined {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = ['.', ...parts.slice(nameLength)].join('/');
  for (let dir = dirname(parentFile); ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', name);
    const manifest = join(root, 'package.json');
    if (existsSync(manifest)) {
      const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown };
      const target = exports === undefined ? undefined : exportTarget(exports, subpath);
      return target === undefined ? undefined : pathToFileURL(join(root, target)).href;
    }
    if (dir === dirname(dir)) return undefined;
  }
}

function exportTarget(exports: unknown, subpath: string): string | undefined {
  const map = isSubpathMap(exports) ? exports : { '.': exports };
  if (subpath in map) return conditional(map[subpath], undefined);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [prefix, suffix] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1)
      return conditional(value, subpath.slice(prefix.length, subpath.length - suffix.length));
  }
  return undefined;
}

function isSubpathMap(exports: unknown): exports is Record<string, unknown> {
  return typeof exports === 'object' && exports !== null && Object.keys(exports).some((key) => key.startsWith('.'));
}

function conditional(target: unknown, match: string | undefined): string | undefined {
  if (typeof target === 'string') return match === undefined ? target : target.split('*').join(match);
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = conditional(item, match);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof target !== 'object' || target === null) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (!CONDITIONS.includes(condition)) continue;
    const found = conditional(value, match);
    if (found !== undefined) return found;
  }
  return undefined;
}
