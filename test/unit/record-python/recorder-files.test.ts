import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pythonWithoutDistributed } from './python-without-dask';
import { fixtures, runPythonDirect } from './record-python-helpers';

interface Event {
  t: string;
  site?: string;
  count?: number;
  measured?: number;
  line?: number;
  direction?: string;
  file?: string;
}

function events(dir: string): Event[][] {
  return readdirSync(dir)
    .filter((name) => name.startsWith('events-python-'))
    .map((name) =>
      readFileSync(join(dir, name), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Event),
    );
}

test('20 000 tasks: counted exactly, 50 measured then one in 20, and event files of a few kilobytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'record-files-'));
  const run = runPythonDirect(join(fixtures, 'many_tasks.py'), ['20000'], dir);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), String((20_000 * 19_999) / 2));
  const files = events(dir);
  assert.equal(files.length, 3, 'the program and its two workers each wrote a file');
  for (const name of readdirSync(dir)) assert.ok(statSync(join(dir, name)).size < 64 * 1024, `${name} stays small`);
  const parent = files.find((file) => file.some((event) => event.t === 'site' && event.direction === 'task'))!;
  const taskSite = parent.find((event) => event.t === 'site' && event.direction === 'task')!;
  const summaries = parent.filter((event) => event.t === 'messages' && event.site === taskSite.site);
  const count = summaries.reduce((sum, event) => sum + event.count!, 0);
  const measured = summaries.reduce((sum, event) => sum + event.measured!, 0);
  assert.equal(count, 20_000);
  assert.equal(measured, 50 + Math.floor((20_000 - 50) / 20));
});

test('SERIAL_PROFILE_SAMPLE=all measures every message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'record-files-'));
  const run = runPythonDirect(join(fixtures, 'many_tasks.py'), ['500'], dir, { SERIAL_PROFILE_SAMPLE: 'all' });
  assert.equal(run.status, 0, run.stderr);
  const all = events(dir)
    .flat()
    .filter((event) => event.t === 'messages');
  const sent = all.reduce((sum, event) => sum + event.count!, 0);
  const measured = all.reduce((sum, event) => sum + event.measured!, 0);
  assert.equal(sent, 1000, '500 tasks and 500 results');
  assert.equal(measured, 1000);
});

test("a sitecustomize already on the path still runs after the recorder's", () => {
  const dir = mkdtempSync(join(tmpdir(), 'record-files-'));
  const own = join(dir, 'own-site');
  mkdirSync(own);
  writeFileSync(join(own, 'sitecustomize.py'), 'import builtins\nbuiltins.OWN_SITECUSTOMIZE = True\n');
  const traces = join(dir, 'trace');
  mkdirSync(traces);
  const run = runPythonDirect('-c', ['import builtins; print(getattr(builtins, "OWN_SITECUSTOMIZE", False))'], traces, {
    PYTHONPATH_AFTER: own,
  });
  assert.equal(run.stdout.trim(), 'True', run.stderr);
});

test('a program importing dask.distributed where it is not installed is told what to install; pools record', () => {
  const interpreter = pythonWithoutDistributed();
  const dir = mkdtempSync(join(tmpdir(), 'record-files-'));
  const traces = join(dir, 'trace');
  mkdirSync(traces);
  const missing = runPythonDirect('-c', ['from dask.distributed import Client'], traces, {}, interpreter);
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /serial-profile: .*cannot import distributed.*apt install python3-distributed/);
  const pool = runPythonDirect(join(fixtures, 'futures_square.py'), [], traces, {}, interpreter);
  assert.equal(pool.status, 0, pool.stderr);
  const sites = events(traces)
    .flat()
    .filter((event) => event.t === 'site');
  assert.ok(sites.length > 0, 'the ProcessPoolExecutor of the same interpreter is recorded');
});
