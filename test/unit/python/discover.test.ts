import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ProfileInputError } from '../../../worker-host/protocol/input-problem';
import { discoverPython, profilePython } from '../../../worker-host/python/index';
import { pythonRequest, SEED } from './helpers';

let folder: string;
let withoutLoky: string;

before(async () => {
  const real = await discoverPython();
  folder = mkdtempSync(join(tmpdir(), 'python-without-loky-'));
  withoutLoky = join(folder, 'python3');
  // The same interpreter with no site-packages: loky and joblib cannot be imported.
  writeFileSync(withoutLoky, `#!/bin/sh\nexec "${real.executable}" -I -S "$@"\n`);
  chmodSync(withoutLoky, 0o755);
});

after(() => rmSync(folder, { recursive: true, force: true }));

const unavailable = (error: unknown) =>
  error instanceof ProfileInputError &&
  error.code === 'python-unavailable' &&
  error.message.includes(withoutLoky) &&
  error.message.includes('apt install python3-joblib') &&
  error.message.includes('pip install loky');

test('discovery finds a Python 3.9+ where loky or joblib imports', async () => {
  const python = await discoverPython();
  assert.ok(python.loky === 'loky' || python.loky === 'joblib.externals.loky');
  const [major, minor] = python.version.split('.').map(Number);
  assert.ok(major > 3 || (major === 3 && minor >= 9), python.version);
});

test('discovery passes over a Python on PATH that lacks loky', async () => {
  const saved = process.env.PATH;
  process.env.PATH = `${folder}:${saved ?? ''}`;
  try {
    const python = await discoverPython();
    assert.notEqual(python.command, withoutLoky);
  } finally {
    process.env.PATH = saved;
  }
});

test('a configured Python without loky: python-unavailable saying what to install', async () => {
  await assert.rejects(discoverPython(withoutLoky), unavailable);
  await assert.rejects(
    profilePython({ ...pythonRequest(SEED, 'func_async', '21', ['cloudpickle']), pythonPath: withoutLoky }),
    unavailable,
  );
});
