import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoSurvivors, pickledSize, recordPython, siteAt } from './record-python-helpers';

test(
  'dask.distributed on a LocalCluster: submit, scatter and ' +
    'map per line, results from the worker, the repeated list',
  async () => {
    const fixture = 'dask_cluster.py';
    const run = recordPython(fixture);
    const submit = siteAt(run.report, fixture, '# SUBMIT');
    assert.deepEqual(
      [submit.library, submit.api, submit.serialization, submit.messages],
      ['dask.distributed', 'Client.submit', 'dask', 4],
    );
    const listBytes = pickledSize('list(range(100_000))');
    assert.ok(
      submit.bytes.max >= listBytes && submit.bytes.max <= listBytes + 1024,
      `${submit.bytes.max} vs ${listBytes}`,
    );
    assert.ok(submit.deserializeMs !== null && submit.deserializeMs > 0, 'the dask worker timed its loads');
    const repeated = submit.findings.find((finding) => finding.kind === 'repeated-large-value');
    assert.deepEqual([repeated?.path, repeated?.count], ['.args[0]', 4]);
    assert.match(repeated!.fix, /client\.scatter/);

    const scatter = siteAt(run.report, fixture, '# SCATTER');
    assert.deepEqual([scatter.api, scatter.messages], ['Client.scatter', 1]);
    assert.ok(scatter.bytes.max >= listBytes, 'the scattered list crossed once, serialized by dask');
    const map = siteAt(run.report, fixture, '# MAP');
    assert.deepEqual([map.api, map.messages], ['Client.map', 10]);
    const results = siteAt(run.report, fixture, 'def total', 'result');
    assert.equal(results.messages, 5, 'four submits and the one on the scattered future, sent back by the worker');
    assert.ok(results.runMs !== null);
    await assertNoSurvivors(run.tmp);
  },
);

test(
  'joblib.Parallel on the dask backend: its batches at ' + 'the Parallel line, their results at the function',
  async () => {
    const fixture = 'joblib_dask.py';
    const run = recordPython(fixture);
    const parallel = siteAt(run.report, fixture, '# PARALLEL');
    assert.deepEqual(
      [parallel.library, parallel.api, parallel.messages],
      ['dask.distributed', 'Client.submit (joblib dask backend)', 6],
    );
    assert.ok(parallel.bytes.max > 0, 'each batch measured as dask serializes it');
    assert.equal(siteAt(run.report, fixture, 'def halve', 'result').messages, 6);
    await assertNoSurvivors(run.tmp);
  },
);
