import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseSource, sendCallAt, type ParsedSource } from '../../../extension/recording/send-syntax';
import { planWorkerData, type TextReplace, type WorkerDataRefusal } from '../../../extension/recording/worker-data-fix';
import { checkWorkerSide } from '../../../extension/recording/worker-data-receiver';

const examples = join(__dirname, '../../../examples/recording');

function parsed(text: string, name = 'main.mjs'): ParsedSource {
  const source = parseSource(text, name);
  assert.ok(source, 'the source parses');
  return source;
}

function applied(text: string, edits: TextReplace[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

/** The sender's plan for the send on `line`, applied; or the refusal. */
function moved(text: string, line: number, path: string, name = 'main.mjs'): string | WorkerDataRefusal {
  const source = parsed(text, name);
  const column = (source.text.split('\n')[line - 1] ?? '').indexOf('postMessage') + 1;
  const send = sendCallAt(source, line, column);
  assert.ok(send, `a send on line ${line}`);
  const planned = planWorkerData(source, send, path);
  return 'plan' in planned ? applied(text, planned.plan.edits) : planned.refused;
}

const worker = (body: string): string => ["import { parentPort } from 'node:worker_threads';", body].join('\n');

test('the example pipeline: lookup goes into workerData and leaves the message; its worker never reads it', () => {
  const text = readFileSync(join(examples, 'main.mjs'), 'utf8');
  const after = moved(text, 18, '.lookup');
  assert.equal(typeof after, 'string');
  const lines = (after as string).split('\n');
  assert.equal(
    lines[9],
    "const worker = new Worker(new URL('./resize-worker.mjs', import.meta.url), { workerData: { lookup } });",
  );
  assert.equal(lines[17], '  worker.postMessage({ id: 100 + i });');
  const receiver = parsed(readFileSync(join(examples, 'resize-worker.mjs'), 'utf8'));
  assert.equal(checkWorkerSide(receiver, 'lookup', 'resize-worker.mjs'), undefined);
});

const sender = (lines: string[]): string =>
  [
    "import { Worker } from 'node:worker_threads';",
    'const table = { rows: Array.from({ length: 1000 }, (_, i) => i) };',
    ...lines,
  ].join('\n');

test('the sender: a module-level const nothing else touches, sent to a Worker made here with literal options', () => {
  const make = "const w = new Worker(new URL('./w.mjs', import.meta.url), { name: 'w' });";
  assert.equal(
    (moved(sender([make, 'for (let i = 0; i < 5; i++) w.postMessage({ table, i });']), 4, '.table') as string)
      .split('\n')
      .slice(2)
      .join('\n'),
    "const w = new Worker(new URL('./w.mjs', import.meta.url), { workerData: { table }, name: 'w' });\n" +
      'for (let i = 0; i < 5; i++) w.postMessage({ i });',
  );
  assert.deepEqual(moved(sender([make, 'table.rows.push(1);', 'w.postMessage({ table });']), 5, '.table'), {
    why: 'value-used-elsewhere',
    line: 4,
  });
  assert.deepEqual(
    moved(sender([make, 'function f(table) { return table; }', 'w.postMessage({ table });']), 5, '.table'),
    { why: 'value-used-elsewhere', line: 4 },
    'a parameter of the same name (a shadow) is not told apart: refused',
  );
  assert.deepEqual(moved(sender([make, 'export { table };', 'w.postMessage({ table });']), 5, '.table'), {
    why: 'value-used-elsewhere',
    line: 2,
  });
  const shared = [
    "import { Worker } from 'node:worker_threads';",
    'const rows = [1, 2, 3];',
    'const table = { rows };',
    make,
    'w.postMessage({ table });',
  ].join('\n');
  assert.deepEqual(moved(shared, 5, '.table'), { why: 'value-built-from-module-state' });
  assert.deepEqual(
    moved(
      sender(['let w2 = 1;', make.replace("{ name: 'w' }", '{ ...options }'), 'w.postMessage({ table });']),
      5,
      '.table',
    ),
    { why: 'worker-options-not-literal' },
  );
  assert.deepEqual(
    moved(sender(["const w = new Worker('./w.mjs');", 'w.postMessage({ table });']), 4, '.table'),
    { why: 'worker-file-not-named' },
    'a string path is relative to the working directory, not to this file',
  );
  assert.deepEqual(moved(sender(['const w = makeWorker();', 'w.postMessage({ table });']), 4, '.table'), {
    why: 'no-worker-in-file',
  });
  assert.deepEqual(moved(sender(['let copy = table;', make, 'w.postMessage({ copy });']), 5, '.copy'), {
    why: 'value-not-module-const',
  });
  const later = [
    "import { Worker } from 'node:worker_threads';",
    make,
    'const table = { n: 1 };',
    'w.postMessage({ table });',
  ];
  assert.deepEqual(moved(later.join('\n'), 4, '.table'), { why: 'no-worker-in-file' }, 'declared after the Worker');
});

test('the worker: only handlers that read other named properties of their messages, and no workerData', () => {
  const check = (body: string): WorkerDataRefusal | undefined =>
    checkWorkerSide(parsed(worker(body)), 'table', 'w.mjs');
  assert.equal(check("parentPort.on('message', (m) => parentPort.postMessage(m.i * 2));"), undefined);
  assert.equal(check("parentPort.on('message', ({ i }) => parentPort.postMessage(i));"), undefined);
  assert.deepEqual(check("parentPort.on('message', (m) => parentPort.postMessage(m.table.rows[m.i]));"), {
    why: 'worker-reads-value',
    file: 'w.mjs',
    line: 2,
  });
  assert.deepEqual(check("parentPort.on('message', ({ table }) => table);"), {
    why: 'worker-reads-value',
    file: 'w.mjs',
    line: 2,
  });
  assert.deepEqual(check("parentPort.on('message', (m) => console.log(Object.keys(m)));"), {
    why: 'worker-message-escapes',
    file: 'w.mjs',
    line: 2,
  });
  assert.deepEqual(check("parentPort.on('message', (m) => m[key]);"), {
    why: 'worker-message-escapes',
    file: 'w.mjs',
    line: 2,
  });
  assert.deepEqual(check("parentPort.on('message', handle);"), {
    why: 'worker-message-escapes',
    file: 'w.mjs',
    line: 2,
  });
  assert.deepEqual(check('parentPort.onmessage = (e) => e.data.i;'), {
    why: 'worker-message-escapes',
    file: 'w.mjs',
    line: 2,
  });
  assert.deepEqual(check("import { expose } from 'comlink';\nparentPort.on('message', (m) => m.i);"), {
    why: 'worker-imports-modules',
    file: 'w.mjs',
    line: 2,
  });
  assert.equal(check("import { join } from 'node:path';\nparentPort.on('message', (m) => join(m.dir));"), undefined);
  assert.deepEqual(check("parentPort.on('message', async (m) => (await import('./handle.mjs')).run(m.i));"), {
    why: 'worker-imports-modules',
    file: 'w.mjs',
    line: 2,
  });
  assert.deepEqual(check("import { workerData } from 'node:worker_threads';\nconsole.log(workerData);"), {
    why: 'worker-uses-worker-data',
    file: 'w.mjs',
  });
});

test('TypeScript: the same move through type annotations and assertions', () => {
  const text = readFileSync(join(__dirname, '../../fixtures/recording-ts/typed-pipeline.mts'), 'utf8');
  const after = moved(text, 21, '.lookup', 'typed-pipeline.mts');
  assert.equal(typeof after, 'string', JSON.stringify(after));
  const lines = (after as string).split('\n');
  assert.equal(
    lines[12],
    "const worker: Worker = new Worker(new URL('./resize-worker.mjs', import.meta.url), { workerData: { lookup } });",
  );
  assert.equal(lines[20], '  worker.postMessage({ id: 100 + i } as Job);');
  const typedWorker = parsed(
    worker("parentPort!.on('message', (job: { id: number }): void => parentPort!.postMessage(job.id));"),
    'w.mts',
  );
  assert.equal(checkWorkerSide(typedWorker, 'lookup', 'w.mts'), undefined);
});
