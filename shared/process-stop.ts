import type { ChildProcess } from 'node:child_process';

/**
 * Stopping child processes, written once for everything that runs children (the extension's worker host, the
 * executor's workers, the Python bridge): ask first, kill after a grace; kill a whole process group where there is
 * one. Node only: the extension and the worker host import it, the webview never does.
 */

export interface GracefulStop {
  /** Kills at once, without waiting for the rest of the grace. */
  killNow(): void;
  /** The child has ended by itself: no kill is due any more. */
  cancel(): void;
}

/** Calls `ask` now and `kill` once `graceMs` has passed, unless cancelled; the wait never keeps the process alive. */
export function stopWithGrace(ask: () => void, kill: () => void, graceMs: number): GracefulStop {
  let done = false;
  const killOnce = (): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    kill();
  };
  const timer = setTimeout(killOnce, graceMs);
  timer.unref();
  ask();
  return {
    killNow: killOnce,
    cancel() {
      done = true;
      clearTimeout(timer);
    },
  };
}

/**
 * Sends `signal` to the child's whole process group when it leads one (spawned `detached` on POSIX), so that
 * what it started goes too; to the child alone otherwise. A group or child that is gone already is no error.
 * Whether the signal reached anything.
 */
export function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals, leadsGroup: boolean): boolean {
  if (child.pid === undefined) return false;
  if (leadsGroup && process.platform !== 'win32') {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      // The group is gone already; the child itself may still be there.
    }
  }
  return child.exitCode === null && child.signalCode === null && child.kill(signal);
}
