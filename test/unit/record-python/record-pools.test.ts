import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertNoSurvivors, fixtures, lineOf, pickledSize, recordPython, siteAt } from './record-python-helpers';

// A task message is the library's envelope (a call item, a pool task tuple) around the user's values: its
// pickled size is the values' own pickle plus a few hundred bytes for the function reference and the envelope.
const ENVELOPE = 512;

for (const method of ['fork', 'spawn', 'forkserver']) {
  test(
    `ProcessPoolExecutor (${method}): submit, map and a ` + `failing task, per line; workers load the recorder`,
    async () => {
      const fixture = 'futures_pool.py';
      const run = recordPython(fixture, [method]);
      const submit = siteAt(run.report, fixture, '# SUBMIT');
      assert.deepEqual(
        [submit.library, submit.api, submit.serialization, submit.runtime],
        ['concurrent.futures', 'ProcessPoolExecutor.submit', 'pickle', 'python'],
      );
      assert.deepEqual([submit.messages, submit.measured], [8, 8]);
      const listBytes = pickledSize('list(range(100_000))');
      assert.ok(
        submit.bytes.max >= listBytes && submit.bytes.max <= listBytes + ENVELOPE,
        `${submit.bytes.max} vs pickle.dumps ${listBytes}`,
      );
      assert.ok(submit.serializeMs > 0);
      assert.ok(submit.deserializeMs !== null && submit.deserializeMs > 0, 'the workers timed their loads');
      const repeated = submit.findings.find((finding) => finding.kind === 'repeated-large-value');
      assert.ok(repeated, 'the same list sent with every task is a finding');
      assert.deepEqual([repeated.path, repeated.count], ['.args[1]', 8]);
      assert.equal(repeated.bytes, listBytes);
      assert.match(repeated.fix, /initializer/);

      const map = siteAt(run.report, fixture, '# MAP');
      assert.deepEqual(
        [map.api, map.messages],
        ['ProcessPoolExecutor.map', 6],
        'map sends one message a chunk: 30 items by 5',
      );
      const results = siteAt(run.report, fixture, 'def total', 'result');
      assert.equal(results.messages, 8, 'every worker recorded the results it sent, whatever the start method');
      assert.ok(results.runMs !== null);

      const failing = siteAt(run.report, fixture, '# FAIL');
      assert.equal(failing.failures.length, 1);
      const [failure] = failing.failures;
      assert.deepEqual([failure!.kind, failure!.path, failure!.count], ['TypeError', '.args[1][0].lock', 1]);
      assert.match(failure!.message, /_thread\.lock/);
      assert.deepEqual(failure!.location, {
        file: join(fixtures, fixture),
        line: lineOf(fixture, 'class Holder'),
        column: 7,
      });
      assert.match(run.stdout, /failed: TypeError/, 'the program still gets its error');
      await assertNoSurvivors(run.tmp);
    },
  );
}

test(
  "joblib.Parallel over loky: the Parallel call's line, " + 'cloudpickle, the repeated list and a large global',
  async () => {
    const fixture = 'joblib_parallel.py';
    const run = recordPython(fixture);
    const parallel = siteAt(run.report, fixture, '# PARALLEL');
    assert.deepEqual(
      [parallel.library, parallel.api, parallel.serialization, parallel.messages],
      ['joblib', 'Parallel', 'cloudpickle', 6],
    );
    const listBytes = pickledSize('list(range(200_000))', 'cloudpickle');
    assert.ok(
      parallel.bytes.max >= listBytes && parallel.bytes.max <= listBytes + 2 * ENVELOPE,
      `${parallel.bytes.max} vs ${listBytes}`,
    );
    const repeated = parallel.findings.find((finding) => finding.kind === 'repeated-large-value');
    assert.deepEqual([repeated?.path, repeated?.count], ['.args[0]', 6]);
    const closure = siteAt(run.report, fixture, '# CLOSURE');
    const large = closure.findings.find((finding) => finding.kind === 'large-closure');
    assert.ok(large, 'lookup drags TABLE along');
    assert.equal(large.path, '.fn.<global TABLE>');
    assert.equal(large.bytes, pickledSize('{index: str(index) for index in range(20_000)}'));
    assert.equal(siteAt(run.report, fixture, 'def count', 'result').messages, 6);
    await assertNoSurvivors(run.tmp);
  },
);

test(
  'multiprocessing.Pool (forkserver): map, apply_async with ' + 'a repeated argument, results larger than their task',
  async () => {
    const fixture = 'pool_map.py';
    const run = recordPython(fixture);
    const map = siteAt(run.report, fixture, '# MAP');
    assert.deepEqual(
      [map.library, map.api, map.messages],
      ['multiprocessing', 'Pool.map', 4],
      '40 items in chunks of 10',
    );
    const apply = siteAt(run.report, fixture, '# APPLY');
    assert.deepEqual([apply.api, apply.messages], ['Pool.apply_async', 5]);
    const dataBytes = pickledSize('bytes(300_000)');
    assert.ok(apply.bytes.max >= dataBytes && apply.bytes.max <= dataBytes + ENVELOPE);
    const repeated = apply.findings.filter((finding) => finding.kind === 'repeated-large-value');
    assert.deepEqual(
      repeated.map((finding) => [finding.path, finding.count]),
      [['.args[0]', 5]],
    );
    const expand = siteAt(run.report, fixture, 'def expand', 'result');
    assert.equal(expand.messages, 3);
    assert.ok(expand.bytes.max >= pickledSize('bytes(200_000)'));
    assert.ok(expand.findings.some((finding) => finding.kind === 'result-larger-than-args'));
    await assertNoSurvivors(run.tmp);
  },
);
