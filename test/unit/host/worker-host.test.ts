import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { distFile } from '../../../worker-host/paths';
import type { HostMethod, HostMethods, HostToExtension } from '../../../shared/host-messages';

// Needs `npm run build`: the worker host runs as the extension runs it, from dist/worker-host.js over IPC.
let host: ChildProcess;
let nextId = 1;
const messages: HostToExtension[] = [];

function call<M extends HostMethod>(method: M, params: HostMethods[M]['params']): Promise<HostToExtension> {
  const id = nextId++;
  host.send({ type: 'request', id, method, params });
  return new Promise((resolve) => {
    const onMessage = (message: HostToExtension) => {
      if (message.type === 'response' && message.id === id) {
        host.off('message', onMessage);
        resolve(message);
      }
    };
    host.on('message', onMessage);
  });
}

before(async () => {
  host = fork(distFile('worker-host.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  host.on('message', (message: HostToExtension) => messages.push(message));
  const [ready] = (await once(host, 'message')) as [HostToExtension];
  assert.equal(ready.type, 'ready');
});

after(() => {
  if (host.exitCode === null) host.kill('SIGKILL');
});

test('answers ping with its pid', async () => {
  const response = await call('ping', {});
  assert.ok(response.type === 'response' && response.ok);
  assert.deepEqual(response.result, { pid: host.pid, node: process.version });
});

test('lists the functions of a file', async () => {
  const response = await call('listFunctions', { file: 'examples/seed-scenario.mjs' });
  assert.ok(response.type === 'response' && response.ok);
  assert.deepEqual(
    (response.result as Array<{ name: string }>).map((s) => s.name),
    ['funcAsync', 'funcAsyncExported'],
  );
});

test('lists the functions of a Python file, each spanning to the next', async () => {
  const response = await call('listFunctions', { file: 'examples/python/seed_scenario.py' });
  assert.ok(response.type === 'response' && response.ok);
  const [site] = response.result as Array<{
    name: string;
    profileArgs?: string;
    statementStart: { line: number };
    end: { line: number };
  }>;
  assert.equal(site.name, 'func_async');
  assert.equal(site.profileArgs, '21, large_list');
  assert.ok(site.end.line > site.statementStart.line);
});

test('checks arguments against the module without running them', async () => {
  const source = 'const largeList = [1, 2];\nfunction funcAsync(i) { return i; }\n';
  const check = async (expression: string) => {
    const response = await call('checkArgs', { file: '/w/seed.mjs', source, expression });
    assert.ok(response.type === 'response' && response.ok);
    return response.result;
  };
  assert.deepEqual(await check('21, largeList'), {});
  assert.deepEqual(await check('21, largeLst'), {
    warning: '`largeLst` is not defined in seed.mjs — did you mean `largeList`?',
    suggestion: 'largeList',
  });
  assert.deepEqual(await check('21, [1'), { error: '`[` at column 5 is not closed' });
  assert.deepEqual(await check('Math.max(1, 2), { largeList }, (x) => y'), {});
  const python = await call('checkArgs', {
    file: '/w/seed.py',
    source: 'large_list = list(range(3))\n',
    expression: '21, large_lst',
  });
  assert.ok(python.type === 'response' && python.ok);
  assert.deepEqual(python.result, {
    warning: '`large_lst` is not defined in seed.py — did you mean `large_list`?',
    suggestion: 'large_list',
  });
});

test('gives the Python wrap edit below a module docstring', async () => {
  const source = '"""Doc.\n\nMore.\n"""\n\n\ndef f(x):\n    return x\n';
  const site = { name: 'f', displayName: 'f', kind: 'function' as const, exported: true, line: 7, column: 5 };
  const response = await call('pythonWrapEdit', { source, site, loky: 'loky' });
  assert.ok(response.type === 'response' && response.ok);
  assert.deepEqual(response.result, [
    { line: 5, text: 'from loky import wrap_non_picklable_objects\n' },
    { line: 7, text: '@wrap_non_picklable_objects\n' },
  ]);
});

test('reports bad input as an input failure with its problem', async () => {
  const response = await call('profile', {
    file: '/nonexistent/file.mjs',
    functionName: 'f',
    argsExpression: '',
    modes: ['by-value'],
    repeat: 1,
    warmup: 0,
    backend: 'process',
    timeoutMs: 5000,
  });
  assert.ok(response.type === 'response' && !response.ok);
  assert.equal(response.failure.reason, 'input');
  assert.equal(response.failure.problem?.code, 'missing-file');
});

test('ignores malformed messages and says so', async () => {
  host.send({ type: 'request', id: 'x', method: 'nope' });
  const response = await call('ping', {});
  assert.ok(response.type === 'response' && response.ok);
  assert.ok(messages.some((m) => m.type === 'log' && m.level === 'warn'));
});

test('cancel of an unknown request answers false', async () => {
  const response = await call('cancel', { target: 9999 });
  assert.ok(response.type === 'response' && response.ok);
  assert.equal(response.result, false);
});

test('cancels a running JavaScript profile, which answers as cancelled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sp-cancel-'));
  const file = join(dir, 'slow.mjs');
  writeFileSync(file, 'export function slow() { const end = Date.now() + 300; while (Date.now() < end); return 1; }\n');
  const id = nextId;
  const started = new Promise<void>((resolve) => {
    const onMessage = (message: HostToExtension): void => {
      if (message.type === 'progress' && message.id === id && message.progress.stage === 'measure') {
        host.off('message', onMessage);
        resolve();
      }
    };
    host.on('message', onMessage);
  });
  const params = { file, functionName: 'slow', argsExpression: '', modes: ['by-value' as const] };
  const profiled = call('profile', { ...params, repeat: 50, warmup: 0, backend: 'thread', timeoutMs: 30_000 });
  await started;
  const cancelled = await call('cancel', { target: id });
  assert.ok(cancelled.type === 'response' && cancelled.ok && cancelled.result === true);
  const response = await profiled;
  assert.ok(response.type === 'response' && !response.ok);
  assert.equal(response.failure.reason, 'cancelled');
  rmSync(dir, { recursive: true, force: true });
});

test('shuts down on request', async () => {
  const exited = once(host, 'exit');
  const response = await call('shutdown', {});
  assert.ok(response.type === 'response' && response.ok);
  const [code] = await exited;
  assert.equal(code, 0);
});
