import assert from 'node:assert/strict';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { Executor, SerializationProfilerError } from '../../../worker-host/executor/index';
import { readMessages, writeMessage } from '../../../worker-host/executor/frames';
import { REF_PICKLER, tasks } from './fixtures';

const MiB = 1024 * 1024;
const kindOf = (error: unknown): string =>
  error instanceof SerializationProfilerError ? error.kind : `not ours: ${String(error)}`;

/** `size` bytes that differ from one `seed` to another and along their length. */
function pattern(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let index = 0; index < size; index++) bytes[index] = (index * 131 + seed * 17 + (index >> 12)) & 0xff;
  return bytes;
}

/** The shared-memory files of this process, by name; the side files are unlinked at once, so never any. */
const ourSharedMemoryFiles = (): string[] =>
  readdirSync('/dev/shm').filter((name) => name.startsWith(`serialization-profiler-${process.pid}-`));

/** What this process (or `pid`) holds open under /dev/shm, deleted or not. */
function openSharedMemoryFiles(pid: number | 'self'): string[] {
  const dir = `/proc/${pid}/fd`;
  const targets: string[] = [];
  for (const fd of readdirSync(dir)) {
    try {
      targets.push(readlinkSync(`${dir}/${fd}`));
    } catch {
      // Closed while listing.
    }
  }
  return targets.filter((target) => target.startsWith('/dev/shm/serialization-profiler-'));
}

test(
  'frames: a payload the detour takes leaves the pipe and is read back ' + 'through the detour, whole and in order',
  async () => {
    const detoured = new Map<number, Uint8Array>();
    const order: number[] = [];
    const take = (id: number, payload: Uint8Array) => {
      if (payload.byteLength < 1000) return false; // the detour may refuse: that payload stays on the pipe
      detoured.set(id, payload);
      order.push(id);
      return true;
    };
    const sent = [
      { type: 'task', id: 1, pickler: 'by-value', bytes: pattern(5000, 1), sentAt: 5n },
      { type: 'task', id: 2, pickler: 'by-value', bytes: pattern(10, 2), sentAt: 6n },
      {
        type: 'result',
        id: 3,
        bytes: pattern(3000, 3),
        stamps: { receivedAt: 1n, startedAt: 2n, loadedAt: 3n, ranAt: 4n, sentAt: 5n },
        warnings: [],
        memoryBytes: 7,
      },
      {
        type: 'task',
        id: 4,
        pickler: 'by-value',
        bytes: pattern(2000, 4),
        sentAt: 7n,
        extra: 'a header of the general layout',
      },
    ];
    const pipe = new PassThrough();
    const onPipe: Buffer[] = [];
    pipe.on('data', (chunk: Buffer) => onPipe.push(chunk));
    const received: { id: number; bytes: Uint8Array }[] = [];
    readMessages<{ id: number; bytes: Uint8Array }>(
      pipe,
      (message) => received.push(message),
      (length) => {
        const payload = detoured.get(order.shift() as number) as Uint8Array;
        assert.equal(payload.byteLength, length);
        return payload;
      },
    );
    for (const message of sent) writeMessage(pipe, message, take);
    await new Promise((resolve) => setImmediate(resolve));

    assert.deepEqual(
      received.map((message) => message.id),
      [1, 2, 3, 4],
    );
    received.forEach((message, index) => assert.deepEqual([...message.bytes], [...(sent[index]!.bytes as Uint8Array)]));
    assert.ok(
      Buffer.concat(onPipe).byteLength < 1000 + 4 * 200,
      'only headers and the small payload went through the pipe',
    );
  },
);

test('frames: a frame that says its payload is in a side file fails loudly where there is none', () => {
  const pipe = new PassThrough();
  writeMessage(pipe, { type: 'task', id: 1, pickler: 'json', bytes: pattern(100, 1), sentAt: 1n }, () => true);
  const frame = pipe.read() as Buffer;
  const reader = new PassThrough();
  readMessages(reader, () => assert.fail('no message can be made of it'));
  assert.throws(() => reader.emit('data', frame), /side file, but this end has none/);
});

describe(
  'large task payloads through shared memory (process backend)',
  { skip: !existsSync('/dev/shm') && 'this system has no /dev/shm: large payloads stay on the pipe' },
  () => {
    const make = (maxWorkers = 1) =>
      new Executor({ backend: 'process', maxWorkers, idleTimeoutMs: 10_000, pickler: REF_PICKLER });

    test(
      'many large payloads at once, on one worker and on two, all arrive ' + 'whole; the file has no name at any time',
      async () => {
        for (const workers of [1, 2]) {
          const executor = make(workers);
          try {
            await executor.submit(tasks.double, 1); // a short task first, so that the next are sent ahead
            const payloads = Array.from({ length: 12 }, (_, i) => pattern(MiB / 2 + i * 4099, i + 10 * workers));
            const echoed = await Promise.all(payloads.map((payload) => executor.submit(tasks.echo, payload)));
            echoed.forEach((value, i) =>
              assert.deepEqual(Buffer.from(value as Uint8Array), Buffer.from(payloads[i]!), `payload ${i}`),
            );
            assert.deepEqual(ourSharedMemoryFiles(), []);
            for (const worker of executor.workers()) {
              const held = openSharedMemoryFiles(worker.pid);
              assert.equal(held.length, 1, `worker ${worker.pid} holds one side file: ${held.join(', ')}`);
              assert.match(held[0]!, /\(deleted\)$/);
            }
          } finally {
            await executor.shutdown({ killWorkers: true });
          }
        }
        assert.deepEqual(openSharedMemoryFiles('self'), [], 'the parent closed every side file with its worker');
      },
    );

    test(
      'a worker that dies running a task with a large payload is replaced, ' +
        'and the next large payload arrives whole',
      async () => {
        const executor = make();
        try {
          const exitWithPayload = tasks.exitWith as (code: number, payload: Uint8Array) => never;
          const dying = executor.submitTask(exitWithPayload, [3, pattern(2 * MiB, 1)]);
          await assert.rejects(dying, (error) => kindOf(error) === 'worker-terminated');
          const payload = pattern(3 * MiB, 2);
          assert.deepEqual(
            Buffer.from((await executor.submit(tasks.echo, payload)) as Uint8Array),
            Buffer.from(payload),
          );
          assert.equal(executor.stats.workersStarted, 2);
          const openInParent = openSharedMemoryFiles('self');
          assert.equal(
            openInParent.length,
            1,
            `only the live worker's side file stays open: ${openInParent.join(', ')}`,
          );
        } finally {
          await executor.shutdown({ killWorkers: true });
        }
      },
    );
  },
);
