import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { distFile, packageRoot } from '../paths';
import type { EnvironmentPart } from './recording-env';

/**
 * The Python recorder's hook: a `sitecustomize` every Python process of the run imports at start (the
 * interpreter, and every process it starts by fork, spawn, forkserver or loky's exec inherits PYTHONPATH).
 * It chains to the `sitecustomize` it hides.
 */
export function pythonHookDirectory(): string {
  const relative = join('python', 'serialization_profiler_record', 'site');
  const candidates = [join(packageRoot(), relative), distFile(relative)];
  const found = candidates.find((candidate) => existsSync(join(candidate, 'sitecustomize.py')));
  if (!found)
    throw new Error(`serialization-profiler: the Python recorder is missing (looked at ${candidates.join(', ')})`);
  return found;
}

/** Prepends the hook's directory to PYTHONPATH, keeping what the user had there after it. */
export const pythonRecorderEnvironment: EnvironmentPart = (_setup, env) => ({
  ...env,
  PYTHONPATH: [pythonHookDirectory(), env.PYTHONPATH].filter(Boolean).join(delimiter),
});
