// Child processes for the runners: commands that must succeed, and long-lived servers in their own
// process group so that one signal ends them and everything they started.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const orphanGuard = fileURLToPath(new URL('./orphan-guard.mjs', import.meta.url));

/** Runs a command to completion; rejects with its output tail when it fails. */
export function run(command, args, { cwd, env, quiet = true } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (d) => {
      output = (output + d).slice(-20000);
    });
    child.stderr?.on('data', (d) => {
      output = (output + d).slice(-20000);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}) in ${cwd}\n${output}`));
    });
  });
}

/**
 * Starts a detached process (its own process group); `stop()` ends the whole group, and so does the
 * group's guard when this process dies without stopping it.
 */
export function spawnGroup(command, args, options) {
  const child = spawn(process.execPath, [orphanGuard, String(process.pid), command, ...args], {
    ...options,
    detached: true,
  });
  let exited = child.exitCode !== null;
  const exitedPromise = new Promise((r) =>
    child.on('exit', () => {
      exited = true;
      r();
    }),
  );
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* group already gone */
    }
  };
  async function stop() {
    killGroup('SIGTERM');
    const timer = new Promise((r) => setTimeout(r, 3000));
    await Promise.race([exitedPromise, timer]);
    // The leader may exit before its children (extension hosts, tsservers); sweep the group.
    killGroup('SIGKILL');
  }
  registerCleanup(stop);
  return {
    child,
    stop,
    get exited() {
      return exited;
    },
  };
}

const cleanups = new Set();

/** Cleanup run on normal exit paths and on Ctrl-C / SIGTERM, newest first. */
export function registerCleanup(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export async function runCleanups() {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup failed: ${error.message}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    runCleanups().finally(() => process.exit(130));
  });
}

/** Rejects after `ms` with a message naming what hung. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
