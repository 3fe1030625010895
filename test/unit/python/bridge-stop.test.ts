import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { test, type TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { bridgeScript } from '../../../worker-host/python/bridge-path';
import { bridgeStopper } from '../../../worker-host/python/bridge-stop';
import { discoverPython } from '../../../worker-host/python/index';
import { FAILURES } from './helpers';

const posix = process.platform !== 'win32';
/** Whether `pid` is a running process (a zombie, killed and waiting for its reaper, is not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

/** The live (not zombie) processes of process group `group`, from /proc; undefined where there is no /proc. */
function liveMembers(group: number): number[] | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so read after its last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === group && state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/** Resolves when `child` has closed, or fails after `ms`. */
async function closedWithin(child: ChildProcess, ms: number): Promise<void> {
  const timer = new AbortController();
  await Promise.race([
    once(child, 'close').finally(() => timer.abort()),
    delay(ms, undefined, { signal: timer.signal }).then(() =>
      assert.fail(`pid ${child.pid} still running after ${ms} ms`),
    ),
  ]);
}

/**
 * A stand-in bridge in its own process group that ignores SIGTERM and has a child of its own; prints that child's
 * pid. Its group is killed when the test ends, whatever the test did.
 */
function stubbornBridge(t: TestContext): ChildProcess {
  const script =
    `
    process.on('SIGTERM', () => {});
    const child = require('node:child_process').spawn(process.execPath, ` +
    `['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    console.log(child.pid);
    setInterval(() => {}, 1000);`;
  const bridge = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  t.after(() => {
    try {
      process.kill(-(bridge.pid as number), 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
  });
  return bridge;
}

test(
  'a bridge that ignores the request to stop is killed with its whole process group after the grace, ' +
    'and its loky semaphores go',
  { skip: !posix && 'process groups are POSIX' },
  async (t) => {
    const bridge = stubbornBridge(t);
    const [line] = (await once(bridge.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
    const grandchild = Number(line.toString().trim());
    const semaphore = `/dev/shm/sem.loky-${bridge.pid}-test`;
    const shm = existsSync('/dev/shm');
    if (shm) writeFileSync(semaphore, '');
    t.after(() => rmSync(semaphore, { force: true }));

    const stopper = bridgeStopper(bridge, true);
    stopper.stop();
    await delay(500);
    assert.ok(alive(bridge.pid as number), 'still within its grace');
    await closedWithin(bridge, 5_000);
    await delay(100);
    assert.equal(alive(grandchild), false, 'the bridge’s own child is killed with it');
    if (shm) assert.equal(existsSync(semaphore), false);
  },
);

test(
  'stopping at once kills the group without a grace; a bridge that has ended by itself is left alone',
  { skip: !posix && 'process groups are POSIX' },
  async (t) => {
    const bridge = stubbornBridge(t);
    await once(bridge.stdout as NodeJS.ReadableStream, 'data');
    bridgeStopper(bridge, true).stopNow();
    await closedWithin(bridge, 1_500);

    const done = spawn(process.execPath, ['-e', ''], { detached: true, stdio: 'ignore' });
    await once(done, 'close');
    const semaphore = `/dev/shm/sem.loky-${done.pid}-kept`;
    if (existsSync('/dev/shm')) {
      writeFileSync(semaphore, '');
      const stopper = bridgeStopper(done, true);
      stopper.stop();
      stopper.stopNow();
      assert.equal(existsSync(semaphore), true, 'not ours to remove: that bridge was never killed');
      rmSync(semaphore);
    }
  },
);

test(
  'a bridge whose profiler is gone (its stdin ends) stops by itself: ' +
    'loky shut down, nothing of its group or semaphores left',
  { skip: !posix && 'process groups are POSIX' },
  async (t) => {
    const python = await discoverPython();
    const bridge = spawn(python.command, [bridgeScript()], { detached: true, stdio: ['pipe', 'pipe', 'ignore'] });
    t.after(() => {
      try {
        process.kill(-(bridge.pid as number), 'SIGKILL');
      } catch {
        // Gone, as it should be.
      }
    });
    const request = {
      file: FAILURES,
      functionName: 'sleep_for',
      argsExpression: '30',
      modes: ['cloudpickle'],
      repeat: 1,
      warmup: 1,
      timeoutMs: 60_000,
      maxWorkers: 1,
      pythonContext: 'auto',
    };
    bridge.stdin.write(`${JSON.stringify(request)}\n`);
    for await (const line of createInterface({ input: bridge.stdout })) {
      if ((JSON.parse(line) as { progress?: { stage: string } }).progress?.stage === 'warmup') break;
    }
    const closed = once(bridge, 'close');
    bridge.stdin.end();
    const [code] = (await Promise.race([
      closed,
      delay(15_000).then(() => assert.fail('the bridge ran on without its profiler')),
    ])) as [number];
    assert.equal(code, 128 + 15);
    // loky's workers and resource tracker end just after the bridge.
    let left = liveMembers(bridge.pid as number);
    for (
      const deadline = Date.now() + 5_000;
      left && left.length > 0 && Date.now() < deadline;
      left = liveMembers(bridge.pid as number)
    )
      await delay(100);
    assert.deepEqual(left ?? [], [], 'processes of its group (loky workers) still running');
    // …and the tracker frees loky's semaphores as it ends.
    const semaphores = () =>
      existsSync('/dev/shm')
        ? readdirSync('/dev/shm').filter((name) => name.startsWith(`sem.loky-${bridge.pid}-`))
        : [];
    for (const deadline = Date.now() + 5_000; semaphores().length > 0 && Date.now() < deadline;) await delay(100);
    assert.deepEqual(semaphores(), []);
  },
);
