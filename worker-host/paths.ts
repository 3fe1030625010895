import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cachedRoot: string | undefined;

/**
 * The package's root folder, found by walking up from this file, so the same code finds the bundles
 * whether it runs from source (tests), from `dist/` (CLI, worker host) or from an installed extension.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'serialization-profiler') return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`serialization-profiler: no package.json above ${__dirname}`);
    dir = parent;
  }
}

/** A file built by esbuild.mjs, e.g. `distFile('worker.js')`. */
export function distFile(name: string): string {
  return join(packageRoot(), 'dist', name);
}
