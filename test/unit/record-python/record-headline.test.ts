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

test('a Python run that sends nothing is told so in Python terms, not asked whether it is a Node program', () => {
  const run = recordPython('no_pool.py');
  assert.equal(run.report.sites.length, 0);
  assert.match(run.stdout, /^45$/m);
  assert.doesNotMatch(run.stdout, /Node (process|program)/);
  assert.match(run.stdout, /No worker traffic was recorded: .*Python/);
});
