import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import workerpool from 'workerpool';
import { profile } from '../../../worker-host/profiler/profile';
import { previewValue } from '../../../worker-host/profiler/preview';
import type { ModeResult } from '../../../worker-host/protocol/report';
import { oneRoundOnThreads } from './every-mode-request';

// workerpool's worker files register their tasks by name at load (`workerpool.worker({ fib, hash })`). The
// verdicts are held to real workerpool on the same file: its worker threads (the default in Node) hand the
// arguments over with postMessage, as structured-clone does; its process workers with child_process's JSON
// channel, as json does. The graph modes deliver values unchanged, so they agree with the threads.

const shapes = join(__dirname, '..', '..', 'fixtures', 'worker-shapes');
const MODES = ['by-value', 'by-reference', 'wrapped', 'json', 'structured-clone'];

type Outcome = { value: unknown } | { error: string };

async function workerpoolRuns(
  file: string,
  method: string,
  args: unknown[],
  workerType: 'thread' | 'process',
): Promise<Outcome> {
  const pool = workerpool.pool(join(shapes, file), { workerType, maxWorkers: 1 });
  try {
    return { value: (await pool.exec(method, args)) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    await pool.terminate();
  }
}

function assertAgrees(result: ModeResult | undefined, real: Outcome, what: string): void {
  assert.ok(result, what);
  if ('value' in real) {
    assert.equal(result.status, 'ok', `${what}: ${result.error?.message}`);
    assert.equal(result.resultPreview, previewValue(real.value), what);
  } else {
    assert.equal(result.status, 'error', `${what} fails as workerpool fails: ${real.error}`);
    assert.equal(result.error?.kind, 'run', what);
    assert.ok(result.error?.message.includes(real.error), `${what}: ${result.error?.message} ⊅ ${real.error}`);
  }
}

const CASES: [file: string, method: string, argsExpression: string, args: () => unknown[]][] = [
  ['workerpool-worker.cjs', 'fib', '15', () => [15]],
  [
    'workerpool-worker.cjs',
    'busiest',
    "new Map([['a', 2], ['b', 5]])",
    () => [
      new Map([
        ['a', 2],
        ['b', 5],
      ]),
    ],
  ],
  ['workerpool-worker.cjs', 'digest', "'abc'", () => ['abc']],
  ['workerpool-worker.cjs', 'slowSquare', '7', () => [7]],
  [
    'workerpool-worker.mjs',
    'topTags',
    "[{ tags: new Set(['a', 'b']) }, { tags: ['a'] }]",
    () => [[{ tags: new Set(['a', 'b']) }, { tags: ['a'] }]],
  ],
  ['workerpool-worker.mjs', 'yearOf', 'new Date(Date.UTC(2024, 1, 2))', () => [new Date(Date.UTC(2024, 1, 2))]],
  ['workerpool-worker.mjs', 'failsOnPurpose', "'E_NOPE'", () => ['E_NOPE']],
];

for (const [file, method, argsExpression, args] of CASES) {
  test(`${file}#${method}(${argsExpression}): every mode reaches the task; workerpool's verdicts`, async () => {
    const threads = await workerpoolRuns(file, method, args(), 'thread');
    const processes = await workerpoolRuns(file, method, args(), 'process');
    const request = oneRoundOnThreads(join(shapes, file), method, argsExpression, MODES);
    const report = await profile(request);
    const byMode = new Map(report.results.map((result) => [result.mode, result]));
    assertAgrees(byMode.get('structured-clone'), threads, 'structured-clone vs workerpool threads');
    assertAgrees(byMode.get('json'), processes, "json vs workerpool's process workers");
    for (const mode of ['by-value', 'by-reference', 'wrapped'])
      assertAgrees(byMode.get(mode), threads, `${mode} vs workerpool threads`);
  });
}

test('a function neither registered nor exported fails by reference, as workerpool cannot call it', async () => {
  const real = await workerpoolRuns('workerpool-worker.cjs', 'twice', [4], 'thread');
  assert.match('error' in real ? real.error : '', /Unknown method "twice"/, JSON.stringify(real));
  const report = await profile({
    file: join(shapes, 'workerpool-worker.cjs'),
    functionName: 'twice',
    argsExpression: '4',
    modes: ['by-value', 'by-reference'],
    repeat: 1,
    warmup: 0,
    backend: 'thread',
    timeoutMs: 30_000,
  });
  const [byValue, byReference] = report.results;
  assert.equal(byValue?.status, 'ok', 'by value its code travels, as cloudpickle sends a __main__ function');
  assert.equal(byReference?.error?.kind, 'task-deserialize');
  assert.match(byReference?.error?.message ?? '', /cannot import 'twice'.*is not exported/);
});
