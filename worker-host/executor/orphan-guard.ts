import { spawn } from 'node:child_process';

/**
 * A worker process busy in a synchronous loop never notices its parent go: nothing of its own JavaScript
 * runs. So each one has a watcher beside it, a tiny shell that blocks reading a pipe from the parent and kills
 * the worker when the pipe ends, which it does however the parent ends (exit, crash, SIGTERM, SIGHUP, even
 * SIGKILL). The watcher ignores the signals a terminal sends its whole group, so it stays to the end.
 * POSIX only; on Windows a worker is left to notice its parent's end itself once it is free.
 */
const WATCHER_SCRIPT = 'trap "" INT TERM HUP QUIT; read _; kill -9 "$1" 2>/dev/null';

export interface OrphanGuard {
  /** The worker has ended: the watcher goes, without touching a pid that may soon be someone else's. */
  release(): void;
}

const NO_GUARD: OrphanGuard = { release: () => undefined };

export function guardAgainstOrphaning(workerPid: number | undefined): OrphanGuard {
  if (workerPid === undefined || process.platform === 'win32') return NO_GUARD;
  let watcher;
  try {
    watcher = spawn('/bin/sh', ['-c', WATCHER_SCRIPT, 'executor-worker-watch', String(workerPid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  } catch {
    return NO_GUARD;
  }
  watcher.on('error', () => undefined);
  watcher.stdin?.on('error', () => undefined);
  // Neither the watcher nor its pipe keeps the parent alive.
  watcher.unref();
  (watcher.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    release() {
      watcher.kill('SIGKILL');
      watcher.stdin?.destroy();
    },
  };
}
