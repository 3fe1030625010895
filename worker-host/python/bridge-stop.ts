import type { ChildProcess } from 'node:child_process';
import { killProcessGroup, stopWithGrace, type GracefulStop } from '../../shared/process-stop';
import { removeLokySemaphores } from './loky-semaphores';

/** How long a bridge asked to stop has to shut loky down before its process group is killed. */
const STOP_GRACE_MS = 2_000;

export interface BridgeStopper {
  /** Asks the bridge to stop (SIGTERM: it shuts loky's pool down), killing its process group after a grace. */
  stop(): void;
  /** Kills the bridge's process group at once (the host is exiting and cannot wait). */
  stopNow(): void;
  /** The bridge has closed: whatever of its group is left (a worker, loky's tracker, a user's pool) is killed. */
  closed(): void;
}

/**
 * Stops a bridge that runs in its own process group (`detached`) or alone (Windows). A kill leaves what loky's
 * resource tracker would have freed, so its semaphores are removed then. Until the bridge has closed and its group
 * is gone, this process's exit kills the group: no process of a run outlives the CLI or the worker host.
 */
export function bridgeStopper(child: ChildProcess, detached: boolean): BridgeStopper {
  let stopping: GracefulStop | undefined;
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  /** Kills the group; what loky's tracker would have unlinked goes too, when something of the group was there. */
  const killGroup = (): void => {
    if (killProcessGroup(child, 'SIGKILL', detached) && child.pid !== undefined) removeLokySemaphores(child.pid);
  };
  const onExit = (): void => killGroup();
  process.once('exit', onExit);
  return {
    stop() {
      if (stopping || !running()) return;
      // Whatever of the group outlives the grace (a bridge stuck in native code, workers it could not stop) is killed.
      stopping = stopWithGrace(() => child.kill('SIGTERM'), killGroup, STOP_GRACE_MS);
    },
    stopNow() {
      stopping?.cancel();
      if (stopping || running()) killGroup();
    },
    closed() {
      stopping?.cancel();
      process.removeListener('exit', onExit);
      if (detached) killGroup();
    },
  };
}
