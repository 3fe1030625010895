import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { FAILURES } from './helpers';
import { kindOf, lokyDirect, runCli, type LokyOutcome } from './real-runs';

const CASES_FILE = join(FAILURES, '..', 'crash_cases.py');
// The fixture's table, read from the fixture itself (Python evaluates it), so the two never drift apart.
const CASES = JSON.parse(
  execFileSync(
    '/usr/bin/python3',
    ['-c', `import json, runpy; print(json.dumps(runpy.run_path(${JSON.stringify(CASES_FILE)})["CASES"]))`],
    {
      encoding: 'utf8',
    },
  ),
) as [string, string][];

let loky: LokyOutcome[];
before(async () => {
  loky = await lokyDirect(CASES_FILE, 'module', 'cloudpickle', CASES);
});

test('the crash table has the shape of loky’s own: 16 cases, each kind of break loky has', () => {
  assert.equal(CASES.length, 16);
  assert.equal(loky.length, 16);
  const kinds = new Set(loky.map(kindOf));
  for (const kind of [
    'task-serialize',
    'task-deserialize',
    'run',
    'result-serialize',
    'result-deserialize',
    'worker-terminated',
  ]) {
    assert.ok(kinds.has(kind as never), `no case where loky reports ${kind}`);
  }
});

for (const [index, [fn, args]] of CASES.entries()) {
  test(
    `crash case ${index + 1}, ${fn}(${args}): the CLI reports ` + `the kind loky gives, nothing of the run left behind`,
    async () => {
      const run = await runCli([
        `${CASES_FILE}#${fn}`,
        '--args',
        args,
        '--modes',
        'cloudpickle,pickle',
        '--repeat',
        '1',
        '--warmup',
        '0',
        '--json',
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /internal error/);
      const expected = kindOf(loky[index]);
      for (const result of run.report?.results ?? []) {
        assert.equal(result.status, 'error', `${result.mode}: loky gives ${loky[index].error}`);
        assert.equal(
          result.error?.kind,
          expected,
          `${result.mode}: loky gives ${loky[index].error}: ${loky[index].message}`,
        );
      }
      assert.deepEqual(
        run.report?.results.map((result) => result.mode),
        ['cloudpickle', 'pickle'],
        'both modes ran',
      );
    },
  );
}
