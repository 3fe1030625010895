import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, sep } from 'node:path';

export const USER_CODE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx'];

/** What TypeScript projects leave off an import (`./util` for `./util.ts`) or write as `.js` for a `.ts` file. */
export const IMPORT_SUFFIXES = [
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.mjs',
  '.cjs',
  '/index.ts',
  '/index.tsx',
  '/index.js',
  '/index.mjs',
];

/** The file an import of `base` names: `base` itself, else `base` (less a `.js`-like extension) plus a suffix. */
export function existingSourceFile(base: string): string | undefined {
  const stem = base.replace(/\.(js|mjs|cjs)$/, '');
  for (const candidate of [base, ...IMPORT_SUFFIXES.map((suffix) => stem + suffix)]) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return undefined;
}

/**
 * Whether a file is the user's code (compiled and given a scope accessor) rather than a dependency or this
 * package's own bundles: everything but node_modules/ folders and this package's dist/. A user's project is
 * user code wherever it lies, inside this package's folder too.
 */
export function isUserFile(file: string, packageRoot: string | undefined): boolean {
  if (!USER_CODE_EXTENSIONS.includes(extname(file))) return false;
  if (file.split(sep).includes('node_modules')) return false;
  return !(packageRoot && file.startsWith(join(packageRoot, 'dist') + sep));
}

/**
 * ESM or CommonJS, as Node decides it: the extension, else the nearest package.json `type`, else (for files
 * with no declared type) the syntax: a top-level `import`/`export` statement means ESM, as Node 22 and
 * TypeScript runners such as tsx detect it.
 */
export function moduleFormat(file: string, source?: string): 'esm' | 'cjs' {
  const extension = extname(file);
  if (extension === '.mjs' || extension === '.mts') return 'esm';
  if (extension === '.cjs' || extension === '.cts') return 'cjs';
  const declared = packageType(dirname(file));
  if (declared === 'module') return 'esm';
  if (declared === 'commonjs') return 'cjs';
  const text = source ?? readFileSync(file, 'utf8');
  // `import x`, `import {`, `import *`, `import 'x'`, `import.meta`, `export …`; never a call like `importScripts(`.
  return /^\s*(import\s*[{*'"]|import\s+[\w$]|import\.meta\b|export\s)/m.test(text) ? 'esm' : 'cjs';
}

/** The `type` of the nearest package.json above `dir` (`'none'` when it declares none). */
export function packageType(dir: string): string | undefined {
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { type } = JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string };
        return type ?? 'none';
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
