import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { profile } from '../../../worker-host/profiler/profile';
import { phaseSum } from '../../../worker-host/profiler/mode-result';
import { ProfileInputError } from '../../../worker-host/protocol/input-problem';
import { userFixture } from './user-fixtures';
import type { ModeResult, ProfileProgress, ProfileRequest } from '../../../worker-host/protocol/report';

const root = join(__dirname, '..', '..', '..');
const seedJs = join(root, 'examples', 'seed-scenario.mjs');
const seedTs = join(root, 'examples', 'seed-scenario.ts');

const request = (overrides: Partial<ProfileRequest>): ProfileRequest => ({
  file: seedJs,
  functionName: 'funcAsync',
  argsExpression: '21, largeList',
  modes: ['by-value', 'by-reference', 'wrapped', 'json', 'structured-clone'],
  repeat: 3,
  warmup: 1,
  backend: 'process',
  timeoutMs: 30_000,
  ...overrides,
});

const byMode = (results: ModeResult[], mode: string) => {
  const result = results.find((r) => r.mode === mode);
  assert.ok(result, `no result for ${mode}`);
  return result;
};

function assertSeedOutcomes(results: ModeResult[], file: string, line: number): void {
  assert.deepEqual(
    results.map((r) => r.mode),
    ['by-value', 'by-reference', 'wrapped', 'json', 'structured-clone'],
  );
  const byValue = byMode(results, 'by-value');
  assert.equal(byValue.status, 'ok', JSON.stringify(byValue.error));
  assert.equal(byValue.resultPreview, '42');
  const byReference = byMode(results, 'by-reference');
  assert.equal(byReference.status, 'error');
  assert.equal(byReference.error?.kind, 'task-deserialize');
  assert.match(byReference.error?.message ?? '', /funcAsync/);
  assert.equal(byReference.error?.location?.file, file);
  assert.equal(byReference.error?.location?.line, line);
  assert.ok(
    (byReference.failedRound?.bytes.task ?? 0) > 1_000_000,
    'the failed round still says what the task weighed',
  );
  assert.equal(typeof byReference.failedRound?.timings.serialize, 'number');
  const wrapped = byMode(results, 'wrapped');
  assert.equal(wrapped.status, 'ok', JSON.stringify(wrapped.error));
  assert.equal(wrapped.resultPreview, '42');
}

test(
  'the seed scenario in JavaScript: by-value ok, ' + 'by-reference fails to un-serialize funcAsync, wrapped ok',
  async () => {
    const progress: ProfileProgress[] = [];
    const report = await profile(request({}), { onProgress: (p) => progress.push(p) });
    assert.equal(report.language, 'javascript');
    assert.equal(report.function, 'funcAsync');
    assertSeedOutcomes(report.results, seedJs, 6);

    for (const result of report.results.filter((r) => r.status === 'ok')) {
      assert.equal(result.rounds, 3);
      const timings = result.timings!;
      const sum = phaseSum(timings);
      assert.ok(
        Math.abs(sum - timings.total.median) <= 0.1 * timings.total.median,
        `${result.mode}: phases ${sum} vs total ${timings.total.median}`,
      );
      for (const stat of Object.values(timings)) assert.ok(stat.min <= stat.median && stat.median <= stat.max);
      assert.ok(result.bytes!.task > 1_000_000, `${result.mode} carried the 10⁶-element list`);
      assert.ok(result.bytes!.result > 0);
    }
    assert.equal(report.results[0].cold?.poolStarted, true, 'the first round of the first mode starts the pool');
    assert.equal(byMode(report.results, 'wrapped').cold?.poolStarted, false);

    assert.deepEqual(progress[0], {
      mode: 'by-value',
      modeIndex: 0,
      modeCount: 5,
      stage: 'loading',
      round: 0,
      rounds: 0,
    });
    assert.ok(progress.some((p) => p.mode === 'wrapped' && p.stage === 'measure' && p.round === 3 && p.rounds === 3));
    assert.equal(progress.filter((p) => p.stage === 'done').length, 5);
  },
);

test(
  'the seed scenario in TypeScript, thread backend: ' + 'the same three outcomes, located in the .ts source',
  async () => {
    const report = await profile(request({ file: seedTs, backend: 'thread', repeat: 1, warmup: 0 }));
    assertSeedOutcomes(report.results, seedTs, 5);
    assert.equal(report.backend, 'thread');
  },
);

test('a worker killed in one mode is replaced and the next mode runs', async () => {
  const marker = join(mkdtempSync(join(tmpdir(), 'profile-')), 'crashed');
  const report = await profile(
    request({
      file: userFixture('mode-sensitive.mjs'),
      functionName: 'crashOnce',
      argsExpression: JSON.stringify(marker),
      modes: ['by-value', 'wrapped'],
      repeat: 2,
    }),
  );
  const [first, second] = report.results;
  assert.equal(first.status, 'error');
  assert.equal(first.error?.kind, 'worker-terminated');
  assert.equal(second.status, 'ok', JSON.stringify(second.error));
  assert.equal(second.resultPreview, "'survived'");
});

test('a timeout in one mode does not stop the others', async () => {
  const report = await profile(
    request({
      file: userFixture('mode-sensitive.mjs'),
      functionName: 'spin',
      argsExpression: '400',
      modes: ['by-value', 'structured-clone'],
      timeoutMs: 150,
      repeat: 1,
      warmup: 0,
    }),
  );
  assert.deepEqual(
    report.results.map((r) => r.error?.kind),
    ['timeout', 'timeout'],
  );
});

test('class methods resolve, results preview safely, cycles included', async () => {
  const file = userFixture('mode-sensitive.mjs');
  const run = (functionName: string, argsExpression: string) =>
    profile(request({ file, functionName, argsExpression, modes: ['by-value'], repeat: 1, warmup: 0 }));
  assert.equal((await run('Counter.prototype.increment', '41')).results[0].resultPreview, '42');
  assert.equal((await run('Counter.increment', '1')).results[0].resultPreview, '2');
  assert.equal((await run('Counter.zero', '')).results[0].resultPreview, '0');
  const cycle = (await run('makeCycle', '')).results[0];
  assert.equal(cycle.status, 'ok', JSON.stringify(cycle.error));
  assert.match(cycle.resultPreview ?? '', /Circular/);
});

test('bad input is a ProfileInputError with the right code', async () => {
  const rejectsWith = (overrides: Partial<ProfileRequest>, code: string, pattern: RegExp) =>
    assert.rejects(profile(request({ modes: ['by-value'], repeat: 1, ...overrides })), (error: unknown) => {
      assert.ok(error instanceof ProfileInputError, String(error));
      assert.equal(error.code, code);
      assert.match(error.message, pattern);
      return true;
    });
  await rejectsWith({ file: join(__dirname, 'fixtures', 'nope.mjs') }, 'missing-file', /nope\.mjs/);
  await rejectsWith(
    { functionName: 'funcAsinc' },
    'unknown-function',
    /has no function 'funcAsinc'; it has: .*funcAsync.*Did you mean 'funcAsync'\?/,
  );
  await rejectsWith({ argsExpression: '21, (' }, 'args-syntax', /21, \(/);
  await rejectsWith({ argsExpression: 'noSuchName' }, 'args-evaluation', /noSuchName/);
  await rejectsWith(
    { file: userFixture('broken-syntax.mjs'), functionName: 'fine' },
    'module-syntax',
    /broken-syntax\.mjs:6:3: Unexpected keyword 'return'/,
  );
  await rejectsWith({ repeat: 0 }, 'bad-option', /repeat/);
  const unknown = await profile(request({ functionName: 'nothing' })).catch((e: ProfileInputError) => e);
  assert.ok(unknown instanceof ProfileInputError);
  assert.deepEqual(unknown.available, ['funcAsync', 'funcAsyncExported']);
});

test('an aborted profile rejects with cancelled', async () => {
  const controller = new AbortController();
  const pending = profile(request({ repeat: 50 }), {
    signal: controller.signal,
    onProgress: (p) => {
      if (p.stage === 'warmup' && p.round === 1) controller.abort();
    },
  });
  await assert.rejects(pending, (error: unknown) => {
    assert.equal((error as { kind?: string }).kind, 'cancelled');
    const report = (error as { report?: { results: ModeResult[] } }).report;
    assert.ok(report && report.results.every((r) => r.status === 'error' && r.error?.kind === 'cancelled'));
    return true;
  });
});
