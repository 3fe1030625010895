import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ProfileReport } from '../../../worker-host/protocol/report';
import { FAILURES } from './helpers';
import { kindOf, lokyDirect, runCli } from './real-runs';

const FIXTURES = join(FAILURES, '..');
const PATTERNS = join(FIXTURES, 'patterns.py');
const CRASHES = join(FIXTURES, 'crash_cases.py');
const LOKY_ALIAS = join(FIXTURES, '..', '..', '..', 'python', 'loky_alias');
const QUICK = ['--repeat', '1', '--warmup', '0', '--json'];

async function profiled(target: string, args: string, modes: string, ...more: string[]): Promise<ProfileReport> {
  const run = await runCli([target, '--args', args, '--modes', modes, ...QUICK, ...more]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.report);
  return run.report;
}

function modeOf(report: ProfileReport, mode: string) {
  const result = report.results.find((candidate) => candidate.mode === mode);
  assert.ok(result, `no ${mode} in the report`);
  return result;
}

test('async def: loky cannot pickle the coroutine it gets back, and the report says so with a way out', async () => {
  const [loky] = await lokyDirect(FAILURES, 'module', 'cloudpickle', [['double_later', '21']]);
  assert.equal(kindOf(loky), 'result-serialize');
  assert.match(loky.message ?? '', /cannot pickle 'coroutine' object/);
  const report = await profiled(`${FAILURES}#double_later`, '21', 'cloudpickle,pickle');
  for (const mode of ['cloudpickle', 'pickle']) {
    const error = modeOf(report, mode).error;
    assert.equal(error?.kind, 'result-serialize');
    assert.match(error?.message ?? '', /cannot pickle 'coroutine' object.*async def/);
    assert.match(error?.hint ?? '', /asyncio\.run\(double_later\(\*args\)\)/);
  }
});

test('SystemExit in a task is that mode’s failure as loky reports it, and the next mode still runs', async () => {
  const [loky] = await lokyDirect(CRASHES, 'module', 'cloudpickle', [['exit_zero', '']]);
  assert.equal(loky.error, 'SystemExit');
  const report = await profiled(`${CRASHES}#exit_zero`, '', 'cloudpickle,pickle,wrapped');
  assert.deepEqual(
    report.results.map((result) => [result.mode, result.error?.kind]),
    [
      ['cloudpickle', 'run'],
      ['pickle', 'run'],
      ['wrapped', 'run'],
    ],
  );
  assert.match(modeOf(report, 'pickle').error?.message ?? '', /raised SystemExit: 0/);
  assert.deepEqual(modeOf(report, 'pickle').error?.location, { file: CRASHES, line: 19, column: 5 });
});

test(
  'a worker that dies sending back an exception it cannot ' + 'pickle: its last words on stderr, the raise line',
  async () => {
    const [loky] = await lokyDirect(FAILURES, 'module', 'cloudpickle', [['fail_with_guard', '1']]);
    assert.equal(kindOf(loky), 'worker-terminated');
    const error = modeOf(await profiled(`${FAILURES}#fail_with_guard`, '1', 'cloudpickle'), 'cloudpickle').error;
    assert.equal(error?.kind, 'worker-terminated');
    assert.match(
      error?.message ?? '',
      /fail_with_guard raised (failures\.)?GuardedError: bad 1.*could not pickle that exception.*cannot pickle '_thread\.lock' object/,
    );
    assert.deepEqual(error?.location, { file: FAILURES, line: 68, column: 5 });
  },
);

test('a worker that crashes un-pickling an argument: the stage and the crashing line, from its stderr', async () => {
  const [loky] = await lokyDirect(CRASHES, 'module', 'cloudpickle', [['take', 'SegfaultWhenUnpickled()']]);
  assert.equal(kindOf(loky), 'worker-terminated');
  const error = modeOf(
    await profiled(`${CRASHES}#take`, 'SegfaultWhenUnpickled()', 'cloudpickle'),
    'cloudpickle',
  ).error;
  assert.match(error?.message ?? '', /signal SIGSEGV\) while un-pickling its task.*Segmentation fault/);
  assert.deepEqual(error?.location, { file: CRASHES, line: 15, column: 5 });
});

test(
  'wrapped bound-method shape: the argument whose class ' + 'lives in __main__ is blamed, with a fix that works',
  async () => {
    const [loky] = await lokyDirect(PATTERNS, 'script', 'wrapped', [['Counter.add', 'Counter(1), 2']]);
    assert.equal(kindOf(loky), 'task-deserialize');
    const error = modeOf(await profiled(`${PATTERNS}#Counter.add`, 'Counter(1), 2', 'wrapped'), 'wrapped').error;
    assert.equal(error?.kind, 'task-deserialize');
    assert.equal(error?.path, 'args[0]');
    assert.match(error?.hint ?? '', /Only the function is wrapped; args\[0\] still goes through pickle/);
  },
);

test('an lru_cache function travels by name even with cloudpickle: no by-value note, no fix that fails', async () => {
  const [loky] = await lokyDirect(PATTERNS, 'script', 'cloudpickle', [['cached_square', '3']]);
  assert.equal(kindOf(loky), 'task-deserialize');
  const result = modeOf(await profiled(`${PATTERNS}#cached_square`, '3', 'cloudpickle'), 'cloudpickle');
  assert.equal(result.error?.kind, 'task-deserialize');
  assert.equal(result.error?.path, 'fn');
  assert.deepEqual(result.warnings, []);
  assert.match(result.error?.message ?? '', /_lru_cache_wrapper object is pickled by reference/);
  assert.doesNotMatch(result.error?.hint ?? '', /Use cloudpickle|wrap_non_picklable_objects/);
  assert.match(result.error?.hint ?? '', /cached_square\.__wrapped__/);
});

test(
  'under pickle, a local closure and a decorator without ' + 'functools.wraps: loky’s own “Can’t pickle local object”',
  async () => {
    const calls: [string, string][] = [
      ['apply', 'make_scaler(3), 4'],
      ['double', '4'],
    ];
    const loky = await lokyDirect(PATTERNS, 'script', 'pickle', calls);
    for (const [index, [fn, args]] of calls.entries()) {
      assert.equal(kindOf(loky[index]), 'task-serialize');
      const said = /Can't pickle local object '[^']+'/.exec(loky[index].cause ?? '')?.[0];
      assert.ok(said, loky[index].cause);
      const error = modeOf(await profiled(`${PATTERNS}#${fn}`, args, 'pickle'), 'pickle').error;
      assert.equal(error?.kind, 'task-serialize');
      assert.ok(error?.message.includes(said), `${error?.message} should say ${said}`);
    }
  },
);

test('a wrapped function that captures an unpicklable global: the hint does not say to wrap it again', async () => {
  const [loky] = await lokyDirect(PATTERNS, 'script', 'wrapped', [['guarded', '1']]);
  assert.equal(kindOf(loky), 'task-serialize');
  const error = modeOf(await profiled(`${PATTERNS}#guarded`, '1', 'wrapped'), 'wrapped').error;
  assert.equal(error?.kind, 'task-serialize');
  assert.match(error?.path ?? '', /^fn\._obj.*GUARD/);
  assert.match(error?.hint ?? '', /already sends the function by value/);
  assert.doesNotMatch(error?.hint ?? '', /wrap (the function|fn)/);
});

test(
  'a global assigned only under the __main__ guard: loky’s ' +
    'parent ran the guard; the report says plainly it did not',
  async () => {
    const [loky] = await lokyDirect(PATTERNS, 'script', 'cloudpickle', [['plus_setting', '1']]);
    assert.equal(loky.ok, '11');
    const error = modeOf(await profiled(`${PATTERNS}#plus_setting`, '1', 'cloudpickle'), 'cloudpickle').error;
    assert.equal(error?.kind, 'run');
    assert.match(
      error?.message ?? '',
      /SETTING is assigned only under `if __name__ == "__main__":`, which the profiler does not run/,
    );
    assert.match(error?.hint ?? '', /--args/);
  },
);

test('a module that imports the standalone loky loads in the workers as in the parent', async () => {
  const file = join(FIXTURES, 'uses_loky', 'tasks.py');
  // This Python has joblib's loky only: the direct call runs where `import loky` gives it, as the bridge arranges.
  const [loky] = await lokyDirect(file, 'module', 'pickle', [['double', '2']], { PYTHONPATH: LOKY_ALIAS });
  assert.equal(loky.ok, '4');
  const report = await profiled(`${file}#double`, '2', 'pickle,cloudpickle');
  for (const result of report.results)
    assert.equal(result.resultPreview, loky.ok ?? `loky: ${loky.error}`, JSON.stringify(result.error));
});

test('the pickle protocol of each mode’s stream, as loky’s own dumps writes it; buffers in-band', async () => {
  const report = await profiled(`${FAILURES}#configure`, '2, {"retries": 2}', 'cloudpickle,pickle,wrapped');
  const loky = await lokyDirect(join(FIXTURES, 'protocol_probe.py'), 'module', 'cloudpickle', [
    ['protocol_of', '"cloudpickle"'],
    ['protocol_of', '"pickle"'],
  ]);
  assert.deepEqual(modeOf(report, 'cloudpickle').pickle, { protocol: Number(loky[0].ok), outOfBand: false });
  assert.deepEqual(modeOf(report, 'pickle').pickle, { protocol: Number(loky[1].ok), outOfBand: false });
  assert.deepEqual(modeOf(report, 'wrapped').pickle, { protocol: Number(loky[1].ok), outOfBand: false });
});

test('bad input for a .py file is one line and exit 2, naming the Python modes', async () => {
  for (const args of [
    ['--modes', 'json,structured-clone'],
    ['--modes', 'cloudpickle,json'],
    ['--backend', 'thread'],
  ]) {
    const run = await runCli([`${PATTERNS}#double`, '--args', '1', ...args]);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /cloudpickle, pickle, wrapped/);
  }
  const relative = join(FIXTURES, 'uses_loky', 'relative.py');
  const run = await runCli([`${relative}#quadruple`, '--args', '1']);
  assert.equal(run.code, 2, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(`^serial-profile: ${relative.replace(/[.]/g, '\\.')}:2: .*relative import.*--python-context module`),
  );
});
