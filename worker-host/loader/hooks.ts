/**
 * Module customization hooks (node:module `register`), bundled to dist/loader-hooks.mjs. They run on Node's
 * loader thread: resolve extensionless relative imports to TypeScript files, and load user files compiled
 * (TypeScript) and with their scope accessor. CommonJS user files are left to the CommonJS loader, which
 * ./install.ts extends the same way. A user file imported by a versioned user module gets its version
 * (./module-version.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileUserModule } from './compile';
import { isUserFile, moduleFormat } from './module-format';
import { versionOf, withVersion } from './module-version';
import { resolveAlias } from './tsconfig-paths';

interface HookData {
  packageRoot?: string;
}
interface ResolveContext {
  parentURL?: string;
  conditions: string[];
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: { format?: string | null }) => Promise<LoadResult>;

let packageRoot: string | undefined;

export function initialize(data: HookData | undefined): void {
  packageRoot = data?.packageRoot;
}

const CANDIDATE_SUFFIXES = [
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
];

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  const resolved = await resolveUnversioned(specifier, context, nextResolve);
  const version = context.parentURL ? versionOf(context.parentURL) : undefined;
  if (
    version === undefined ||
    !resolved.url.startsWith('file:') ||
    !isUserFile(fileURLToPath(resolved.url), packageRoot)
  ) {
    return resolved;
  }
  return { ...resolved, url: withVersion(resolved.url, version) };
}

async function resolveUnversioned(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  const parent = context.parentURL?.startsWith('file:') ? fileURLToPath(context.parentURL) : undefined;
  const alias = parent && isUserFile(parent, packageRoot) ? resolveAlias(specifier, parent) : undefined;
  if (alias && 'missing' in alias) throw Object.assign(new Error(alias.missing), { code: 'ERR_MODULE_NOT_FOUND' });
  if (alias) return nextResolve(pathToFileURL(alias.file).href, context);
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('file:');
    if (!relative || !context.parentURL?.startsWith('file:')) throw error;
    const base = specifier.replace(/\.(js|mjs|cjs)$/, '');
    for (const suffix of CANDIDATE_SUFFIXES) {
      try {
        return await nextResolve(base + suffix, context);
      } catch {
        // try the next candidate
      }
    }
    throw error;
  }
}

export async function load(url: string, context: { format?: string | null }, nextLoad: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  if (!isUserFile(file, packageRoot)) return nextLoad(url, context);
  const source = readFileSync(file, 'utf8');
  const format = moduleFormat(file, source);
  if (format === 'cjs') return { format: 'commonjs', source: null, shortCircuit: true };
  return { format: 'module', source: compileUserModule(source, url, 'esm'), shortCircuit: true };
}
