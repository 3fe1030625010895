// A cross-process lock: a directory created atomically, holding the owner's pid; a lock whose owner
// is dead is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function ownerAlive(lockDir) {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

export async function withLock(lockDir, fn, { waitMs = 15 * 60_000, onWait } = {}) {
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // The pid file may not be written yet right after mkdir; give the owner a moment.
      await new Promise((r) => setTimeout(r, 300));
      if (!ownerAlive(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        onWait?.();
        announced = true;
      }
      if (Date.now() - started > waitMs)
        throw new Error(`lock ${lockDir} still held after ${waitMs} ms`, { cause: error });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
