import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const SHARED_MEMORY = '/dev/shm';

/**
 * Removes the named semaphores a killed bridge left. loky names them after the process that made them
 * (`/loky-<pid>-<random>`, files `sem.loky-<pid>-*` in /dev/shm on Linux) and unlinks them through its resource
 * tracker, which dies with the bridge's process group when a run is cancelled. Elsewhere there is nothing to do.
 */
export function removeLokySemaphores(bridgePid: number): void {
  let names: string[];
  try {
    names = readdirSync(SHARED_MEMORY);
  } catch {
    return;
  }
  const prefix = `sem.loky-${bridgePid}-`;
  for (const name of names) {
    if (name.startsWith(prefix)) rmSync(join(SHARED_MEMORY, name), { force: true });
  }
}
