import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { existingSourceFile } from './module-format';

/**
 * A TypeScript project's import aliases, as `tsc` and bundlers resolve them: `compilerOptions.paths` (relative
 * to `baseUrl`, else to the tsconfig that declares them) and bare names under `baseUrl`, through `extends`.
 */
interface Aliases {
  tsconfig: string;
  /** Pattern (`@app/*`) → targets (`/abs/src/*`), longest prefix first. */
  paths: [pattern: string, targets: string[]][];
  baseUrl?: string;
}

export type AliasResolution = { file: string } | { missing: string } | undefined;

/**
 * The file an aliased import names, `{ missing }` (one line naming the tsconfig and the alias) when it matches
 * an alias but no file, or undefined when no tsconfig alias applies.
 */
export function resolveAlias(specifier: string, importer: string): AliasResolution {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
  const aliases = aliasesFor(dirname(importer));
  if (!aliases) return undefined;
  for (const [pattern, targets] of aliases.paths) {
    const star = pattern.indexOf('*');
    const matched =
      star < 0
        ? specifier === pattern && ''
        : specifier.startsWith(pattern.slice(0, star)) &&
            specifier.endsWith(pattern.slice(star + 1)) &&
            specifier.length >= pattern.length - 1
          ? specifier.slice(star, specifier.length - (pattern.length - star - 1))
          : false;
    if (matched === false) continue;
    for (const target of targets) {
      const file = existingSourceFile(target.replace('*', matched));
      if (file) return { file };
    }
    return {
      missing:
        `Cannot find '${specifier}' imported by ${importer}: ${aliases.tsconfig} maps '${pattern}' to ` +
        `${targets.map((t) => `'${t}'`).join(', ')}, and no file is there.`,
    };
  }
  if (aliases.baseUrl) {
    const file = existingSourceFile(join(aliases.baseUrl, specifier));
    if (file) return { file };
  }
  return undefined;
}

const byDirectory = new Map<string, Aliases | null>();

function aliasesFor(dir: string): Aliases | undefined {
  const known = byDirectory.get(dir);
  if (known !== undefined) return known ?? undefined;
  const tsconfig = join(dir, 'tsconfig.json');
  let found: Aliases | undefined;
  if (existsSync(tsconfig)) found = readAliases(tsconfig);
  else if (dirname(dir) !== dir && !dir.endsWith('node_modules')) found = aliasesFor(dirname(dir));
  byDirectory.set(dir, found ?? null);
  return found;
}

interface CompilerOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

function readAliases(tsconfig: string): Aliases | undefined {
  const options = effectiveOptions(tsconfig, new Set());
  if (!options.paths && !options.baseUrl) return undefined;
  const paths = Object.entries(options.paths?.value ?? {})
    .map(([pattern, targets]): [string, string[]] => [
      pattern,
      targets.map((t) => resolve(options.baseUrl?.value ?? options.paths!.dir, t)),
    ])
    .sort(([a], [b]) => b.indexOf('*') - a.indexOf('*') || b.length - a.length);
  return { tsconfig, paths, baseUrl: options.baseUrl?.value };
}

/** compilerOptions after `extends`, each option with the directory it is relative to. */
function effectiveOptions(
  tsconfig: string,
  seen: Set<string>,
): { baseUrl?: { value: string }; paths?: { value: Record<string, string[]>; dir: string } } {
  if (seen.has(tsconfig)) return {};
  seen.add(tsconfig);
  const config = parseJsonc(readFileSync(tsconfig, 'utf8')) as {
    extends?: string | string[];
    compilerOptions?: CompilerOptions;
  };
  const bases = config.extends === undefined ? [] : Array.isArray(config.extends) ? config.extends : [config.extends];
  let merged: ReturnType<typeof effectiveOptions> = {};
  for (const base of bases) {
    const file = baseConfigFile(base, dirname(tsconfig));
    if (file) merged = { ...merged, ...stripUndefined(effectiveOptions(file, seen)) };
  }
  const own = config.compilerOptions ?? {};
  const dir = dirname(tsconfig);
  if (own.baseUrl !== undefined) merged.baseUrl = { value: resolve(dir, own.baseUrl) };
  if (own.paths !== undefined) merged.paths = { value: own.paths, dir };
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function baseConfigFile(base: string, dir: string): string | undefined {
  if (base.startsWith('.') || isAbsolute(base)) {
    const file = resolve(dir, base);
    return [file, `${file}.json`].find((candidate) => existsSync(candidate));
  }
  try {
    return createRequire(join(dir, 'tsconfig.json')).resolve(base.endsWith('.json') ? base : `${base}/tsconfig.json`);
  } catch {
    return undefined;
  }
}

/** JSON with comments and trailing commas, as tsconfig files are written. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else {
      out += char;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
