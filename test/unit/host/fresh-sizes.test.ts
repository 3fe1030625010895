import assert from 'node:assert/strict';
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { distFile } from '../../../worker-host/paths';
import type { HostMethod, HostMethods, HostToExtension } from '../../../shared/host-messages';
import type { ProfileReport, ProfileRequest } from '../../../shared/report';

// Needs `npm run build`. The payload a value serializes to depends on the object shapes V8 keeps per isolate:
// rows whose `score` field once held a double send every whole number as an 8-byte double. The worker host
// must send what a fresh program sends, before and after an edit, as the CLI (a fresh process) does.
let host: ChildProcess;
let nextId = 1;
const dir = mkdtempSync(join(tmpdir(), 'sp-fresh-sizes-'));

function call<M extends HostMethod>(method: M, params: HostMethods[M]['params']): Promise<HostToExtension> {
  const id = nextId++;
  host.send({ type: 'request', id, method, params });
  return new Promise((resolve) => {
    const onMessage = (message: HostToExtension): void => {
      if (message.type === 'response' && message.id === id) {
        host.off('message', onMessage);
        resolve(message);
      }
    };
    host.on('message', onMessage);
  });
}

const ROWS = `export const rows = [];
for (let i = 0; i < 20000; i++) rows.push({ id: i, score: i, name: 'row' + i });
rows.push({ id: 20000, score: 0.5, name: 'last' });
`;

function request(file: string, backend: ProfileRequest['backend'] = 'thread'): ProfileRequest {
  return {
    file,
    functionName: 'count',
    argsExpression: 'rows',
    modes: ['by-value', 'structured-clone'],
    repeat: 1,
    warmup: 0,
    backend,
    timeoutMs: 30_000,
  };
}

function taskBytes(report: ProfileReport): Record<string, number | undefined> {
  return Object.fromEntries(report.results.map((result) => [result.mode, result.bytes?.task]));
}

async function hostBytes(
  file: string,
  backend: ProfileRequest['backend'] = 'thread',
): Promise<Record<string, number | undefined>> {
  const response = await call('profile', request(file, backend));
  assert.ok(response.type === 'response', 'a response');
  assert.ok(response.ok, JSON.stringify(!response.ok && response.failure));
  return taskBytes(response.result as ProfileReport);
}

function cliBytes(file: string): Record<string, number | undefined> {
  const json = execFileSync(
    process.execPath,
    [distFile('cli.js'), `${file}#count`, '--args', 'rows', '--modes', 'by-value,structured-clone'].concat([
      '--repeat',
      '1',
      '--warmup',
      '0',
      '--backend',
      'thread',
      '--json',
    ]),
    { encoding: 'utf8' },
  );
  return taskBytes(JSON.parse(json) as ProfileReport);
}

before(async () => {
  host = fork(distFile('worker-host.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const [ready] = (await once(host, 'message')) as [HostToExtension];
  assert.equal(ready.type, 'ready');
});

after(() => {
  if (host.exitCode === null) host.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('sends the same task bytes before and after an edit, equal to the CLI', async () => {
  const file = join(dir, 'rows.mjs');
  writeFileSync(file, `${ROWS}export function count(list) { return list.length; }\n`);
  const first = await hostBytes(file);
  appendFileSync(file, '// a comment\n');
  const edited = await hostBytes(file);
  const again = await hostBytes(file);
  assert.deepEqual(edited, first);
  assert.deepEqual(again, first);
  assert.deepEqual(first, cliBytes(file));
});

test('sends the same task bytes after an edit of a file the module imports', async () => {
  const data = join(dir, 'data.mjs');
  const file = join(dir, 'main.mjs');
  writeFileSync(data, ROWS);
  writeFileSync(file, `import { rows } from './data.mjs';\nexport function count(list) { return list.length; }\n`);
  const first = await hostBytes(file);
  appendFileSync(data, '// a comment\n');
  assert.deepEqual(await hostBytes(file), first);
  assert.deepEqual(first, cliBytes(file));
});

test('evaluates an unchanged module once in the host, and a changed one again', async () => {
  const log = join(dir, 'evaluations.log');
  const file = join(dir, 'counted.mjs');
  writeFileSync(log, '');
  writeFileSync(
    file,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, process.pid + '\\n');\n` +
      `export const rows = [1, 2];\nexport function count(list) { return list.length; }\n`,
  );
  // The process backend's workers evaluate it too, each in a process of its own.
  const inHost = (): number =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((pid) => pid === String(host.pid)).length;
  await hostBytes(file, 'process');
  await hostBytes(file, 'process');
  assert.equal(inHost(), 1);
  appendFileSync(file, '// a comment\n');
  await hostBytes(file, 'process');
  assert.equal(inHost(), 2);
});

test('a value too deep to serialize fails where it fails for the CLI', async () => {
  const file = join(dir, 'deep.mjs');
  writeFileSync(
    file,
    `export let rows = [];\nfor (let i = 0; i < 4000; i++) rows = [rows];\nexport function count() { return 1; }\n`,
  );
  const response = await call('profile', { ...request(file), modes: ['by-value'] });
  assert.ok(response.type === 'response' && response.ok);
  const [result] = (response.result as ProfileReport).results;
  const cli = JSON.parse(
    execFileSync(
      process.execPath,
      [distFile('cli.js'), `${file}#count`, '--args', 'rows', '--modes', 'by-value', '--repeat', '1', '--json'],
      { encoding: 'utf8' },
    ),
  ) as ProfileReport;
  assert.equal(cli.results[0].error?.kind, 'task-serialize');
  assert.equal(result.error?.kind, cli.results[0].error?.kind);
});

test('a module that exits while loading fails its profile, and the host keeps answering', async () => {
  const file = join(dir, 'exits.mjs');
  writeFileSync(file, `process.exit(3);\nexport const rows = [];\nexport function count() { return 0; }\n`);
  const response = await call('profile', request(file));
  assert.ok(response.type === 'response' && !response.ok);
  assert.equal(response.failure.reason, 'internal');
  assert.match(response.failure.message, /exits\.mjs stopped \(exit code 3\)/);
  const ping = await call('ping', {});
  assert.ok(ping.type === 'response' && ping.ok);
});
