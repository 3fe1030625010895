import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoSurvivors, recordPython, siteAt } from './record-python-helpers';

test('the headline of a Python run counts Python processes, not Node ones', async () => {
  const fixture = 'futures_square.py';
  const run = recordPython(fixture);
  assert.equal(siteAt(run.report, fixture, '# MAP').messages, 3);
  const headline = run.stdout.split('\n').find((line) => line.startsWith('serial-profile record'));
  assert.ok(headline, run.stdout);
  assert.match(headline, new RegExp(`· ${run.report.processes} Python process(es)? ·`));
  assert.doesNotMatch(headline, /Node process/);
  await assertNoSurvivors(run.tmp);
});
