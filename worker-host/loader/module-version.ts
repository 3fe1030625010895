import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { moduleScopes } from './module-scope';

/**
 * Node keeps an imported module for the life of a process, by URL (ESM) or by file name (CommonJS). A user
 * module is therefore imported under a versioned URL (`file:///p/main.ts?sp-version=…`): a new version when
 * the file or one of the user files it loaded changed, the same one otherwise. The hooks give a user file
 * imported by a versioned module the same version, so the whole graph of user files loads fresh together, and
 * a worker importing the URL a reference carries gets exactly that graph.
 */
export const VERSION_PARAMETER = 'sp-version';

export function versionOf(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  return new URLSearchParams(url.slice(query + 1)).get(VERSION_PARAMETER) ?? undefined;
}

export function withVersion(url: string, version: string | undefined): string {
  if (version === undefined || url.includes('?')) return url;
  return `${url}?${VERSION_PARAMETER}=${version}`;
}

export function withoutVersion(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

interface LoadedVersion {
  version: string;
  /** The entry and every user file its load compiled. */
  files: string[];
  fingerprint: string | undefined;
}

const loaded = new Map<string, LoadedVersion>();
let loads = 0;

function fingerprint(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0');
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('\0missing');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The version to import `file` under: unchanged while it and the user files it loaded are unchanged. */
export function versionFor(file: string): string {
  const previous = loaded.get(file);
  if (previous && previous.fingerprint === fingerprint(previous.files)) return previous.version;
  return `${(++loads).toString(36)}${fingerprint([file]).slice(0, 12)}`;
}

/** Records what loading `file` under `version` compiled; `succeeded` false makes the next load a fresh one. */
export function recordLoad(file: string, version: string, succeeded: boolean): void {
  const files = new Set([file]);
  for (const scope of moduleScopes().values()) if (versionOf(scope.url) === version) files.add(scope.file);
  const list = [...files];
  loaded.set(file, { version, files: list, fingerprint: succeeded ? fingerprint(list) : undefined });
}

/**
 * True when this process or thread has evaluated a version of `file` that is no longer current (it or a user
 * file it loaded changed, or the load failed). Loading the new version here would give its values the object
 * shapes the old version left in this isolate, not those of a fresh program.
 */
export function loadedAnotherVersion(file: string): boolean {
  const previous = loaded.get(file);
  return previous !== undefined && previous.fingerprint !== fingerprint(previous.files);
}

let commonJsVersion: string | undefined;

/** The version the CommonJS user files required from now on are compiled under (see ./install.ts). */
export function currentCommonJsVersion(): string | undefined {
  return commonJsVersion;
}

/**
 * Before loading under `version`: CommonJS user files compiled under another version are dropped from the
 * require cache (only those: the cache also holds this package's own modules), so they are compiled again.
 */
export function enterVersion(version: string | undefined): void {
  commonJsVersion = version;
  const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
  for (const scope of moduleScopes().values()) {
    if (scope.format === 'cjs' && versionOf(scope.url) !== version) delete cache[scope.file];
  }
}
