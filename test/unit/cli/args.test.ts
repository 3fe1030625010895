import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCliArgs } from '../../../worker-host/cli/args';
import { ProfileInputError } from '../../../worker-host/protocol/input-problem';
import { PICKLER_MODES } from '../../../worker-host/protocol/report';

const badOption = (argv: string[], pattern: RegExp) =>
  assert.throws(
    () => parseCliArgs(argv, '/w'),
    (e: unknown) => e instanceof ProfileInputError && e.code === 'bad-option' && pattern.test(e.message),
  );

test('a target with defaults becomes a full request', () => {
  const command = parseCliArgs(['examples/seed.mjs#funcAsync'], '/w');
  assert.equal(command.kind, 'profile');
  if (command.kind !== 'profile') return;
  assert.deepEqual(command.request, {
    file: '/w/examples/seed.mjs',
    functionName: 'funcAsync',
    argsExpression: '',
    modes: [...PICKLER_MODES],
    repeat: 5,
    warmup: 1,
    backend: 'process',
    timeoutMs: 30000,
    maxWorkers: 1,
  });
  assert.equal(command.format, 'table');
  assert.equal(command.debug, false);
});

test('every option is read', () => {
  const command = parseCliArgs(
    [
      'a.ts#Histogram.prototype.count',
      '--args',
      '[1, 2]',
      '--modes',
      'by-value, json,by-value',
      '--repeat',
      '3',
      '--warmup',
      '0',
      '--backend',
      'thread',
      '--timeout',
      '500',
      '--workers',
      '2',
      '--markdown',
      '--debug',
    ],
    '/w',
  );
  assert.equal(command.kind, 'profile');
  if (command.kind !== 'profile') return;
  assert.equal(command.request.functionName, 'Histogram.prototype.count');
  assert.equal(command.request.argsExpression, '[1, 2]');
  assert.deepEqual(command.request.modes, ['by-value', 'json']);
  assert.equal(command.request.repeat, 3);
  assert.equal(command.request.warmup, 0);
  assert.equal(command.request.backend, 'thread');
  assert.equal(command.request.timeoutMs, 500);
  assert.equal(command.request.maxWorkers, 2);
  assert.equal(command.format, 'markdown');
  assert.equal(command.debug, true);
});

test('python files default to the python modes', () => {
  const command = parseCliArgs(['seed.py#func_async', '--json'], '/w');
  assert.ok(command.kind === 'profile' && command.format === 'json');
  assert.deepEqual(command.kind === 'profile' && command.request.modes, ['cloudpickle', 'pickle', 'wrapped']);
});

test('python files take an interpreter and a context', () => {
  const command = parseCliArgs(
    ['seed.py#func_async', '--python', '/usr/bin/python3', '--python-context', 'module'],
    '/w',
  );
  assert.ok(command.kind === 'profile');
  assert.equal(command.request.pythonPath, '/usr/bin/python3');
  assert.equal(command.request.pythonContext, 'module');
  badOption(['seed.py#f', '--python-context', 'package'], /--python-context must be 'auto', 'script' or 'module'/);
});

test('help and version win over everything', () => {
  assert.deepEqual(parseCliArgs(['--help']), { kind: 'help' });
  assert.deepEqual(parseCliArgs(['x#y', '-v']), { kind: 'version' });
});

test('bad usage is a bad-option input problem', () => {
  badOption([], /Missing <file>#<function>/);
  badOption(['seed.mjs#'], /Expected <file>#<function>/);
  badOption(['a#b', 'c#d'], /Expected one/);
  badOption(['a#b', '--repeat', '0'], /--repeat must be an integer ≥ 1/);
  badOption(['a#b', '--warmup', 'x'], /--warmup/);
  badOption(['a#b', '--backend', 'fiber'], /--backend/);
  badOption(['a#b', '--json', '--markdown'], /one of --json and --markdown/);
  badOption(['a#b', '--modes', ' , '], /at least one mode/);
  badOption(['a#b', '--frobnicate'], /Unknown option/);
});

test('a file alone names its default export, as piscina defaults its name', () => {
  const command = parseCliArgs(['worker.mjs'], '/w');
  assert.equal(command.kind, 'profile');
  if (command.kind !== 'profile') return;
  assert.equal(command.request.file, '/w/worker.mjs');
  assert.equal(command.request.functionName, 'default');
});
