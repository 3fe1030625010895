import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { Piscina } from 'piscina';
import type { ProfileReport } from '../../../worker-host/protocol/report';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const shapes = join('test', 'fixtures', 'worker-shapes');
const FAST = ['--repeat', '1', '--warmup', '0', '--backend', 'thread'];

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.error, undefined, 'the CLI exits by itself');
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('a file alone profiles its default export, as piscina runs it with no name', async () => {
  const file = join(shapes, 'cjs-module-exports-fn.cjs');
  const pool = new Piscina({ filename: join(root, file), minThreads: 1, maxThreads: 1 });
  const expected = await pool.run({ a: 1, b: 2 });
  await pool.destroy();
  const { code, stdout, stderr } = run(file, '--args', '{ a: 1, b: 2 }', '--json', ...FAST);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as ProfileReport;
  assert.equal(report.function, 'default');
  for (const result of report.results) {
    assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
    assert.equal(result.resultPreview, String(expected));
  }
});

for (const format of ['--json', '--markdown']) {
  test(`${format}: what the module prints while loading goes to stderr, stdout is the report alone`, () => {
    const { code, stdout, stderr } = run(join(shapes, 'noisy.mjs'), '--args', '{ a: 1, b: 2 }', format, ...FAST);
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stdout, /loading noisy module|raw write at load/);
    assert.match(stderr, /loading noisy module\nraw write at load/);
    if (format === '--json') assert.equal((JSON.parse(stdout) as ProfileReport).results.length, 5);
    else assert.match(stdout, /^#|^\|/m);
  });
}

test('repeated warnings are grouped by kind and path pattern with a count, as JSON really loses them', () => {
  assert.equal(JSON.stringify({ tags: new Set([1]), seen: new Map([[1, true]]) }), '{"tags":{},"seen":{}}');
  const { code, stdout, stderr } = run(
    join(shapes, 'many-warnings.mjs#count'),
    '--args',
    'rows',
    '--modes',
    'json',
    ...FAST,
  );
  assert.equal(code, 0, stderr);
  const warnings = stdout.split('\n').filter((line) => line.startsWith('  warning: '));
  assert.ok(warnings.length <= 3, warnings.join('\n'));
  assert.match(stdout, /warning: args\[\*\]\[\*\]\.tags \(×\d+\): the Set becomes \{\}/);
  assert.match(stdout, /warning: args\[\*\]\[\*\]\.seen \(×\d+\): the Map becomes \{\}/);
});

test('a long run shows progress on stderr (mode, round, elapsed) without touching stdout', () => {
  const { code, stdout, stderr } = run(
    join(shapes, 'async-fixture.mjs#total'),
    '--args',
    'await loadRows(3)',
    '--json',
    '--repeat',
    '400',
    '--warmup',
    '0',
    '--modes',
    'json,by-value',
    '--backend',
    'thread',
  );
  assert.equal(code, 0, stderr);
  assert.equal(JSON.parse(stdout).results.length, 2);
  for (const line of stderr.split('\n').filter(Boolean))
    assert.match(line, /^serial-profile: \[\d\/2\] [\w-]+: (measure \d+\/400|done|loading…) · \d+\.\d s$/);
});

test(
  'a MessagePort in the arguments fails at its own path, as piscina refuses it without a transfer ' + 'list',
  async () => {
    const file = join(shapes, 'progress-port.cjs');
    const pool = new Piscina({ filename: join(root, file), minThreads: 1, maxThreads: 1 });
    const channel = new MessageChannel();
    await assert.rejects(pool.run({ steps: 2, port: channel.port1 }), /transferList/);
    channel.port1.close();
    await pool.destroy();
    const args = "{ steps: 2, port: new (require('node:worker_threads').MessageChannel)().port1 }";
    const { code, stdout, stderr } = run(file, '--args', args, '--json', ...FAST);
    assert.equal(code, 0, stderr);
    for (const result of (JSON.parse(stdout) as ProfileReport).results) {
      assert.equal(result.status, 'error', result.mode);
      // JSON IPC sends the port as {}: the task runs and breaks on it, as child_process with 'json' does.
      if (result.mode === 'json') {
        assert.equal(result.error?.kind, 'run');
        continue;
      }
      assert.deepEqual([result.error?.kind, result.error?.path], ['task-serialize', 'args[0].port'], result.mode);
      assert.match(result.error?.message ?? '', /MessagePort/, result.mode);
    }
  },
);

test("a result wrapped in piscina's move() arrives as the value itself, as piscina delivers it", async () => {
  const file = join(shapes, 'moved-result.cjs');
  const pool = new Piscina({ filename: join(root, file), minThreads: 1, maxThreads: 1 });
  const expected: unknown = await pool.run({ size: 4 });
  await pool.destroy();
  assert.ok(expected instanceof Uint8Array);
  const { code, stdout, stderr } = run(file, '--args', '{ size: 4 }', '--json', ...FAST);
  assert.equal(code, 0, stderr);
  for (const result of (JSON.parse(stdout) as ProfileReport).results) {
    assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
    // JSON turns a Uint8Array into an object of its indices: that loss is its own, and reported as such.
    if (result.mode !== 'json') assert.equal(result.resultPreview, inspect(expected), result.mode);
    assert.doesNotMatch(JSON.stringify(result.warnings), /Transferable|kMovable/, result.mode);
  }
});

test('a workerpool worker file: its registered tasks are reached by name on process workers too', async () => {
  const workerpool = (await import('workerpool')).default;
  const pool = workerpool.pool(join(root, shapes, 'workerpool-worker.cjs'), { workerType: 'process', maxWorkers: 1 });
  const expected = (await pool.exec('digest', ['abc'])) as string;
  await pool.terminate();
  const file = join(shapes, 'workerpool-worker.cjs');
  const { code, stdout, stderr } = run(`${file}#digest`, '--args', "'abc'", '--json', '--repeat', '1', '--warmup', '0');
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as ProfileReport;
  for (const result of report.results) {
    assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
    assert.equal(result.resultPreview, `'${expected}'`, result.mode);
  }
  const unknown = run(`${file}#digets`);
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /has no function 'digets'; it has: .*digest, slowSquare.*fib, busiest.*Did you mean 'digest'\?/,
  );
});
