import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serialize } from 'node:v8';
import { join } from 'node:path';
import { fixtures, lineOf, record, siteAt } from './record-helpers';

test("piscina: each reply is recorded at the task function that produced it, as the library's reply", () => {
  const { code, stdout, report } = record('piscina-named.mjs', [], { sample: 'all' });
  assert.equal(code, 0);
  assert.match(stdout, /^sums 2,3,4,5,6,7 products 0,3,6,9$/m);
  const task = 'piscina-named-task.cjs';
  const add = siteAt(report, task, 'function add(');
  const multiply = siteAt(report, task, 'const multiply =');
  for (const [site, count] of [
    [add, 6],
    [multiply, 4],
  ] as const) {
    assert.deepEqual(
      [site.channel, site.library, site.api, site.direction, site.messages],
      ['MessagePort.postMessage', 'piscina', 'reply', 'result', count],
    );
  }
  assert.equal(add.column, 'function add('.length, "V8's place of a function: its parameter list");
  const replies = report.sites.filter((site) => site.direction === 'result' && site.file.includes('/node_modules/'));
  assert.deepEqual(
    replies.map((site) => site.messages),
    [1],
    'only the worker\'s "ready" message, which no task function sends, stays at the library\'s line',
  );
  assert.equal(siteAt(report, 'piscina-named.mjs', 'site:add').messages, 6);
  assert.equal(siteAt(report, 'piscina-named.mjs', 'site:multiply').messages, 4);
});

test('piscina: a task function re-exported from another file has its replies where it is defined', () => {
  const { code, stdout, report } = record('piscina-reexport.mjs');
  assert.equal(code, 0);
  assert.match(stdout, /^results 5,6,7$/m);
  const reply = siteAt(report, 'piscina-task.mjs', 'export default function first(');
  assert.deepEqual([reply.api, reply.direction, reply.messages], ['reply', 'result', 3]);
  assert.equal(reply.column, 'export default function first('.length);
  assert.deepEqual(
    report.sites.filter((site) => site.file.endsWith('piscina-reexport-task.mjs')),
    [],
    'nothing is placed in the file that only re-exports the function',
  );
});

test('one message shape from several lines to one worker (a protocol): every line counted exactly, by default', () => {
  const { code, stdout, report } = record('tagged-protocol.cjs', ['300']);
  assert.equal(code, 0);
  assert.match(stdout, /^worker received 955$/m);
  const counts = Object.fromEntries(
    ['init', 'setup', 'call', 'add', 'remove', 'ping-a', 'ping-b', 'pause', 'resume', 'stop'].map((name) => [
      name,
      siteAt(report, 'tagged-protocol.cjs', `site:${name}`).messages,
    ]),
  );
  // Tagged lines go by their tag once it is learnt; the two lines sending the same message are read every time.
  assert.deepEqual(counts, {
    init: 1,
    setup: 1,
    call: 300,
    add: 300,
    remove: 100,
    'ping-a': 60,
    'ping-b': 43,
    pause: 75,
    resume: 75,
    stop: 1,
  });
  const toWorker = report.sites.filter((site) => site.direction === 'task');
  assert.equal(
    toWorker.reduce((sum, site) => sum + site.messages, 0),
    956,
    'no message at a line that did not send it',
  );
  // Only the two lines with nothing to tell them apart are read every time (103 messages), the rest while their
  // tag is learnt and on the schedule: far from one read a message.
  const captured = Number(/^stacks captured (\d+)$/m.exec(stdout)?.[1]);
  assert.ok(captured < 956 / 3, `${captured} stacks read for 956 messages`);
});

test('a message that moves a MessagePort is measured as postMessage writes it: the port is a 2-byte reference', () => {
  const { code, stdout, report } = record('port-message.cjs', [], { sample: 'all' });
  assert.equal(code, 0);
  assert.match(stdout, /^label length 300$/m);
  const site = siteAt(report, 'port-message.cjs', 'site:port');
  assert.equal(site.messages, 1);
  // v8 writes a transferred host object as a tag and its index in the transfer list, as long as the integer 0.
  assert.equal(site.bytes.total, serialize({ port: 0, label: 'x'.repeat(300) }).length);
  assert.equal(site.file, join(fixtures, 'port-message.cjs'));
});

test('shared memory is a reference in a message, never its contents: a SharedArrayBuffer and a view of one', () => {
  const { code, stdout, report } = record('shared-memory.cjs', [], { sample: 'all' });
  assert.equal(code, 0);
  assert.match(stdout, /^shared 1048576 bytes$/m);
  // postMessage writes shared memory as an id (v8 asks its delegate for one), as small as the integer 0.
  assert.equal(siteAt(report, 'shared-memory.cjs', 'site:buffer').bytes.total, serialize({ memory: 0 }).length);
  assert.equal(siteAt(report, 'shared-memory.cjs', 'site:view').bytes.total, serialize({ counts: 0 }).length);
});

test('workerpool: replies at the registered function that produced them, tasks at pool.exec', () => {
  const { code, stdout, report } = record('workerpool-app.cjs', [], { sample: 'all' });
  assert.equal(code, 0);
  assert.match(stdout, /^fib 1,1,2,3,5,8,13,21 QUIET WORDS$/m);
  const worker = 'workerpool-worker.cjs';
  const fibonacci = siteAt(report, worker, 'function fibonacci(');
  assert.deepEqual(
    [fibonacci.library, fibonacci.api, fibonacci.direction, fibonacci.messages],
    ['workerpool', 'reply', 'result', 8],
  );
  assert.equal(
    fibonacci.bytes.total,
    [1, 1, 2, 3, 5, 8, 13, 21].reduce((sum, n) => sum + replyBytes(n), 0),
  );
  assert.equal(siteAt(report, worker, 'async function shout(').messages, 1, 'an async function replies later');
  assert.equal(siteAt(report, 'workerpool-app.cjs', 'site:exec').messages, 8);
});

/** workerpool's reply, `{ id, result, error }`, as v8 serializes it (ids 1 and up). */
function replyBytes(n: number): number {
  return serialize({ id: 1, result: n, error: null }).length;
}

for (const runtime of ['threads', 'processes'] as const) {
  test(`jest-worker (${runtime}): calls at the calling line, queued or not; replies at the function`, () => {
    const { code, stdout, report } = record('jest-worker-app.cjs', [runtime], { sample: 'all' });
    assert.equal(code, 0);
    assert.match(stdout, /^squares 8555 labels #0,#1,#2,#3,#4,#5,#6,#7,#8,#9$/m);
    const app = 'jest-worker-app.cjs';
    const task = 'jest-worker-task.cjs';
    const channel = runtime === 'threads' ? 'Worker.postMessage' : 'ChildProcess.send';
    const square = siteAt(report, app, 'site:square');
    const label = siteAt(report, app, 'site:label');
    assert.deepEqual(
      [square, label].map((site) => [site.channel, site.library, site.api, site.direction, site.messages]),
      [
        [channel, 'jest-worker', 'worker.square', 'task', 30],
        [channel, 'jest-worker', 'worker.label', 'task', 10],
      ],
      '28 of the 30 squares wait in the queue and go from the library: still at the line that called the method',
    );
    // The message is jest-worker's call, `[1, false, method, args]`, as v8 writes it (threads and advanced IPC).
    const callBytes = (i: number) => serialize([1, false, 'square', [i]]).length;
    assert.equal(
      square.bytes.total,
      Array.from({ length: 30 }, (_, i) => callBytes(i)).reduce((a, b) => a + b, 0),
    );
    const replies = report.sites.filter((site) => site.direction === 'result');
    assert.deepEqual(
      replies.map((site) => [site.file, site.line, site.library, site.api, site.messages]).sort(),
      [
        [join(fixtures, task), lineOf(task, 'exports.square ='), 'jest-worker', 'reply', 30],
        [join(fixtures, task), lineOf(task, 'exports.label = function label('), 'jest-worker', 'reply', 10],
      ].sort(),
    );
    assert.deepEqual(
      report.sites.filter((site) => site.file.includes('/node_modules/')).map((site) => site.api),
      [],
      'nothing is left at a line of the library',
    );
  });
}

for (const runtime of ['worker_threads', 'child_process'] as const) {
  test(`tinypool (${runtime}): each task counted once, at pool.run, even when queued; each reply once`, () => {
    const { code, stdout, report } = record('tinypool-app.mjs', [runtime], { sample: 'all' });
    assert.equal(code, 0);
    assert.match(stdout, /^sums 0,11,22,33,44,55,66,77,88,99,110,121$/m);
    // (a worker started inside pool.run gets its own Worker.postMessage, no task)
    const tasks = report.sites.filter(
      (site) => site.direction === 'task' && site.api === 'pool.run' && site.channel !== 'Worker.postMessage',
    );
    assert.deepEqual(
      tasks.map((site) => [site.line, site.channel, site.messages]),
      [
        [
          lineOf('tinypool-app.mjs', 'site:run'),
          runtime === 'child_process' ? 'ChildProcess.send' : 'MessagePort.postMessage',
          12,
        ],
      ],
    );
    const replies = report.sites.filter((site) => site.direction === 'result' && site.api === 'reply');
    assert.deepEqual(
      replies.map((site) => [site.file, site.line, site.library, site.messages]),
      [[join(fixtures, 'tinypool-task.mjs'), 1, 'tinypool', 12]],
    );
    assert.equal(
      report.sites.filter((site) => site.file.includes('/node_modules/') && site.direction === 'task').length,
      0,
      'no task is left at the library line',
    );
    if (runtime === 'child_process') {
      assert.equal(report.processes, 3, 'the two child processes record too (tinypool gives them an env of its own)');
      // On the wire each task is tinypool's envelope, as JSON.
      const filename = join(fixtures, 'tinypool-task.mjs');
      const wire = Array.from({ length: 12 }, (_, i) => {
        const envelope = { task: { a: i, b: 10 * i, tags: ['pair', String(i)] }, taskId: i, filename, name: 'default' };
        return (
          Buffer.byteLength(JSON.stringify({ ...envelope, source: 'port', __tinypool_worker_message__: true })) + 1
        );
      });
      assert.equal(
        tasks[0]!.bytes.total,
        wire.reduce((a, b) => a + b, 0),
      );
      assert.equal(tasks[0]!.serialization, 'json');
    }
  });
}

test('deserialize time: measured where the receiver pulls messages with receiveMessageOnPort, else estimated', () => {
  const piscina = record('piscina-app.mjs');
  const run = siteAt(piscina.report, 'piscina-app.mjs', 'site:run', 'MessagePort.postMessage');
  assert.equal(run.deserializeEstimated, false, "piscina's worker reads its tasks with receiveMessageOnPort");
  assert.ok(run.deserializeMs !== null && run.deserializeMs > 0);
  assert.doesNotMatch(piscina.stdout, /piscina-app\.mjs:8:\d+ .* ~\d/, 'the table marks only estimates with ~');
  const events = record('port-message.cjs');
  const site = siteAt(events.report, 'port-message.cjs', 'site:port');
  assert.equal(site.deserializeEstimated, true, "a 'message' event's deserialize happens in Node, out of reach");
});
