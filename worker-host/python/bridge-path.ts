import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { distFile, packageRoot } from '../paths';

/** The Python bridge program: `python/bridge.py` in a checkout, `dist/python/bridge.py` in a package. */
export function bridgeScript(): string {
  const candidates = [join(packageRoot(), 'python', 'bridge.py'), distFile(join('python', 'bridge.py'))];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error(`serialization-profiler: the Python bridge is missing (looked at ${candidates.join(', ')})`);
  return found;
}
