// A throwaway copy of examples/ for one run, so tests may edit files freely.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examplesDir } from './paths.mjs';
import { registerCleanup } from './proc.mjs';

export function copyExamples() {
  const dir = join(mkdtempSync(join(tmpdir(), 'serialization-profiler-ws-')), 'examples');
  cpSync(examplesDir, dir, { recursive: true });
  const remove = () => rmSync(join(dir, '..'), { recursive: true, force: true });
  const unregister = registerCleanup(remove);
  return {
    dir,
    dispose() {
      unregister();
      remove();
    },
  };
}
