import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTraceReport } from '../../../shared/traffic/trace-report';
import { traceMarkdown } from '../../../shared/traffic/trace-markdown';
import { formatRecordMarkdown } from '../../../worker-host/record/format-record-markdown';
import { formatRecordTable } from '../../../worker-host/record/format-record-table';
import type { RecordedSite } from '../../../worker-host/record/report-types';
import { startDaskCluster } from './dask-cluster';
import { assertNoSurvivors, recordPython, siteAt, type PythonRecording } from './record-python-helpers';

const fixture = 'dask_buffers.py';

interface OutOfBand {
  buffers: number;
  bytes: number;
  stream: number;
}

/** What `pickle.dumps(value, protocol=5, buffer_callback=…)` gave for the fixture's values, in the same run. */
function pickleFacts(run: PythonRecording): Record<'weights' | 'table' | 'ramp' | 'small', OutOfBand> {
  const line = run.stdout.split('\n').find((text) => text.startsWith('{"weights"'));
  assert.ok(line, run.stdout);
  return JSON.parse(line) as Record<'weights' | 'table' | 'ramp' | 'small', OutOfBand>;
}

function assertClientSide(run: PythonRecording): void {
  const facts = pickleFacts(run);
  const array = siteAt(run.report, fixture, '# SCATTER ARRAY');
  assert.deepEqual(
    array.outOfBand,
    { buffers: facts.weights.buffers, bytes: facts.weights.bytes },
    "a scattered numpy array's data goes out of band, as pickle 5 would hand it to a buffer_callback",
  );
  assert.equal(array.protocol, null, "dask's own numpy serializer writes no pickle stream");
  const frame = siteAt(run.report, fixture, '# SCATTER FRAME');
  assert.deepEqual(frame.outOfBand, { buffers: facts.table.buffers, bytes: facts.table.bytes });
  assert.equal(frame.protocol, 5);
  assert.ok(frame.bytes.total >= facts.table.bytes + facts.table.stream - 64, 'bytes count the buffers too');
  const inBand = siteAt(run.report, fixture, '# IN BAND');
  assert.equal(facts.small.buffers, 1, 'pickle 5 with a buffer_callback would send the small array out of band');
  assert.deepEqual(
    [inBand.protocol, inBand.outOfBand],
    [5, { buffers: 0, bytes: 0 }],
    "dask pickles a task's arguments in band",
  );
  const markdown = traceMarkdown(readTraceReport(JSON.parse(JSON.stringify(run.report))));
  assert.match(
    markdown,
    new RegExp(`Client\\.scatter → pickle \\(dask, protocol 5, ${facts.table.buffers} buffers out of band \\(`),
    "the editor's views read the same facts from the report file",
  );
  assert.match(formatRecordMarkdown(run.report), /\| pickle \|/);
  const table = formatRecordTable(run.report);
  assert.match(table, /\bpickle\b.*library/, 'the table has a pickle column');
  assert.match(table, new RegExp(`5 · ${facts.table.buffers} oob`));
}

function resultOf(run: PythonRecording, marker: string): RecordedSite {
  return siteAt(run.report, fixture, marker, 'result');
}

test(
  'dask on a LocalCluster: protocol and out-of-band buffers per site as pickle 5 sees the same values; ' +
    'result loads timed by the client',
  async () => {
    const run = recordPython(fixture);
    assertClientSide(run);
    const facts = pickleFacts(run);
    const ramp = resultOf(run, 'def ramp');
    assert.deepEqual(ramp.outOfBand, { buffers: facts.ramp.buffers, bytes: facts.ramp.bytes });
    assert.ok(ramp.deserializeMs !== null && ramp.deserializeMs > 0, 'the client timed loading the result');
    assert.equal(ramp.deserializeEstimated, false, 'measured where it happened, not estimated');
    const sums = resultOf(run, 'def column_sum');
    // The scheduler's comms ask for pickle protocol 4 (distributed/scheduler.py's handshake), and a result the
    // client gathers is written for the comm that carries it.
    assert.equal(sums.protocol, 4);
    await assertNoSurvivors(run.tmp);
  },
);

test(
  'dask on a scheduler and worker started on their own: ' +
    'the client side is recorded, nothing of the cluster is left',
  async () => {
    const cluster = await startDaskCluster();
    try {
      const run = recordPython(fixture, [cluster.address]);
      assertClientSide(run);
      assert.equal(run.report.processes, 1, 'only the client ran under the recorder');
      await assertNoSurvivors(run.tmp);
    } finally {
      await cluster.stop();
    }
    await assertNoSurvivors(cluster.tmp);
  },
);

test(
  'a user-shaped script on a cluster started elsewhere (Client(scheduler_file=…)): the matrix sent ' +
    'with every task is a finding; scattered once, it is one message out of band',
  async () => {
    const cluster = await startDaskCluster();
    try {
      const script = 'column_totals.py';
      const run = recordPython(script, [cluster.file]);
      const nbytes = Number(
        run.stdout
          .split('\n')
          .find((line) => line.startsWith('True '))
          ?.split(' ')[1],
      );
      assert.ok(nbytes > 0, run.stdout);
      const direct = siteAt(run.report, script, '# DIRECT');
      assert.equal(direct.messages, 4);
      assert.ok(direct.bytes.max >= nbytes, 'the matrix travels in band with each task');
      assert.deepEqual(direct.outOfBand, { buffers: 0, bytes: 0 });
      const repeated = direct.findings.find((finding) => finding.kind === 'repeated-large-value');
      assert.deepEqual([repeated?.path, repeated?.count], ['.args[0]', 4]);
      const scatter = siteAt(run.report, script, '# SCATTER');
      assert.deepEqual([scatter.messages, scatter.outOfBand], [1, { buffers: 1, bytes: nbytes }]);
      assert.ok(siteAt(run.report, script, '# VIA FUTURE').bytes.max < 4096, 'a future is a key, not the matrix');
      await assertNoSurvivors(run.tmp);
    } finally {
      await cluster.stop();
    }
    await assertNoSurvivors(cluster.tmp);
  },
);
