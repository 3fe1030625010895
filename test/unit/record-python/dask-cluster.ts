import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { python } from './record-python-helpers';

/** A dask scheduler and one worker started on their own, as on a real cluster (not under any recorder). */
export interface DaskCluster {
  address: string;
  /** The scheduler's connection file (`Client(scheduler_file=…)`). */
  file: string;
  /** The cluster's own TMPDIR: every process of it has it in its environment (see `survivors`). */
  tmp: string;
  stop(): Promise<void>;
}

function start(module: string, args: string[], tmp: string): ChildProcess {
  const child = spawn(python, ['-m', module, ...args], {
    detached: true, // its own process group: the worker's nanny starts the worker process in it
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, TMPDIR: tmp, PYTHONPATH: '' },
  });
  child.unref();
  return child;
}

async function until(what: string, ready: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    assert.ok(Date.now() < deadline, `${what} within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // the group is gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (alive(child) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  signal('SIGKILL');
}

/** `python3 -m distributed.cli.dask_scheduler` and `dask_worker` on loopback; the address once a worker joined. */
export async function startDaskCluster(): Promise<DaskCluster> {
  const tmp = mkdtempSync(join(tmpdir(), 'dask-cluster-'));
  const file = join(tmp, 'scheduler.json');
  const scheduler = start(
    'distributed.cli.dask_scheduler',
    ['--host', '127.0.0.1', '--port', '0', '--no-dashboard', '--scheduler-file', file],
    tmp,
  );
  const processes = [scheduler];
  const stop = async (): Promise<void> => {
    for (const child of processes.reverse()) await stopGroup(child);
  };
  try {
    await until('the scheduler writes its address', () => existsSync(file) && readFileSync(file, 'utf8').includes('}'));
    const address = (JSON.parse(readFileSync(file, 'utf8')) as { address: string }).address;
    processes.push(
      start(
        'distributed.cli.dask_worker',
        [address, '--nthreads', '1', '--nworkers', '1', '--host', '127.0.0.1', '--no-dashboard'],
        tmp,
      ),
    );
    return { address, file, tmp, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
