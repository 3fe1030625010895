import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  builtinPicklerNames,
  getPickler,
  PICKLER_ENV,
  resolvePickler,
  setPickler,
} from '../../../worker-host/picklers/index';

const fixture = (name: string) => join(__dirname, '..', '..', 'fixtures', 'modules', name);

test('every built-in mode is registered by the picklers index', () => {
  assert.deepEqual(builtinPicklerNames().sort(), ['by-reference', 'by-value', 'json', 'structured-clone', 'wrapped']);
});

test('a custom pickler module is resolved by path and used through its dumps/loads', async () => {
  const pickler = await resolvePickler(fixture('custom-pickler.mjs'));
  assert.deepEqual(await pickler.loads(pickler.dumps({ fn: undefined, args: [1, 'a'] })), [1, 'a']);
});

test('a bad pickler name says which name and why', async () => {
  await assert.rejects(resolvePickler('no-such-pickler-module'), (error: Error) => {
    assert.match(error.message, /Unknown pickler 'no-such-pickler-module'/);
    assert.match(error.message, /not a built-in \(.*by-value.*\)/);
    assert.match(error.message, /importing it as a module failed: .*no-such-pickler-module/);
    return true;
  });
  await assert.rejects(resolvePickler(fixture('not-a-pickler.mjs')), /must export functions 'dumps' and 'loads'/);
  await assert.rejects(setPickler('no-such-pickler-module'), /Unknown pickler 'no-such-pickler-module'/);
});

test('the process-wide default: setPickler, else the environment variable, else by-value', async () => {
  const previous = process.env[PICKLER_ENV];
  try {
    delete process.env[PICKLER_ENV];
    await setPickler();
    assert.equal(getPickler(), 'by-value');
    process.env[PICKLER_ENV] = 'json';
    assert.equal(getPickler(), 'json');
    await setPickler('by-reference');
    assert.equal(getPickler(), 'by-reference');
  } finally {
    await setPickler();
    if (previous === undefined) delete process.env[PICKLER_ENV];
    else process.env[PICKLER_ENV] = previous;
  }
});
