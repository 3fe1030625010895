// Over 300 lines on purpose: one table of user-module fixtures × pickler modes, each case a few lines long.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { evaluateArguments, loadUserModule, type UserModule } from '../../../worker-host/loader/index';
import { resolvePickler, wrapNonPicklable } from '../../../worker-host/picklers/index';
import { PICKLER_MODES, type ValueWarning } from '../../../worker-host/protocol/report';
import { startRemote, type Remote } from './support/remote';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'modules');

type Stage = 'dumps' | 'loads' | 'run' | 'result-dumps' | 'result-loads';
type Outcome =
  | { stage: 'ok'; value: unknown; warnings: ValueWarning[] }
  | {
      stage: Stage;
      error: { message: string; path?: string; location?: { line: number }; name?: string };
      warnings: ValueWarning[];
    };

/** Expected: `ok` with a check of the value, or the stage it fails at with the path (and definition line). */
type Expected =
  { ok: (value: unknown) => void; warn?: string } | { fails: Stage; path?: string; line?: number; warn?: string };

interface Case {
  fixture: string;
  /** A module-level name, or an expression evaluated in the module (`makeCounter()`). */
  fn: string;
  args: string;
  expect: Record<string, Expected>;
}

const equals = (expected: unknown) => (value: unknown) => assert.deepEqual(value, expected);
const callsTo = (input: unknown, expected: unknown) => (value: unknown) => {
  assert.equal(typeof value, 'function');
  assert.equal((value as (x: unknown) => unknown)(input), expected);
};
const all = (expected: Expected): Record<string, Expected> =>
  Object.fromEntries(PICKLER_MODES.map((mode) => [mode, expected]));
/** by-value and wrapped carry the function; the three modes that can only name it (json, structured-clone too) fail. */
const byReferenceFails = (ok: Expected, fails: Expected): Record<string, Expected> => ({
  'by-value': ok,
  'by-reference': fails,
  wrapped: ok,
  json: fails,
  'structured-clone': fails,
});
/** The mode delivers the argument changed (reported), and the call fails as it would on that channel. */
const CHANGES_THE_ARGUMENT: Expected = { fails: 'run', warn: 'args[0]' };
/** JSON writes a returned function as nothing: the result arrives as undefined (reported). */
const JSON_DROPS_THE_RESULT: Expected = { ok: equals(undefined), warn: 'result' };

const CASES: Case[] = [
  {
    fixture: 'non-exported-function.mjs',
    fn: 'funcAsync',
    args: '21, largeList',
    expect: byReferenceFails({ ok: equals(42) }, { fails: 'loads', path: 'fn', line: 2 }),
  },
  { fixture: 'exported-function.mjs', fn: 'double', args: '21', expect: all({ ok: equals(42) }) },
  { fixture: 'exported-function.mjs', fn: 'triple', args: '2', expect: all({ ok: equals(6) }) },
  { fixture: 'factory-closure.mjs', fn: 'addFive', args: '1', expect: all({ ok: equals(6) }) },
  {
    fixture: 'factory-closure.mjs',
    fn: 'addTen',
    args: '1',
    expect: byReferenceFails({ ok: equals(11) }, { fails: 'loads', path: 'fn', line: 7 }),
  },
  {
    fixture: 'factory-closure.mjs',
    fn: 'makeCounter()',
    args: '',
    expect: byReferenceFails({ ok: equals(1) }, { fails: 'dumps', path: 'fn', line: 11 }),
  },
  { fixture: 'helper-constant.mjs', fn: 'useHelper', args: '4', expect: all({ ok: equals('S12:b.txt') }) },
  {
    fixture: 'helper-constant.mjs',
    fn: 'useHelperLocally',
    args: '4',
    expect: byReferenceFails({ ok: equals(13) }, { fails: 'loads', path: 'fn', line: 14 }),
  },
  {
    fixture: 'classes.mjs',
    fn: 'norm',
    args: 'new Point(3, 4)',
    expect: { ...all({ ok: equals(5) }), json: CHANGES_THE_ARGUMENT, 'structured-clone': CHANGES_THE_ARGUMENT },
  },
  {
    fixture: 'classes.mjs',
    fn: 'reveal',
    args: 'new Hidden(3)',
    expect: {
      'by-value': { ok: equals('secret:3') },
      'by-reference': { fails: 'loads', path: 'args[0]', line: 12 },
      wrapped: { fails: 'loads', path: 'args[0]', line: 12 },
      json: CHANGES_THE_ARGUMENT,
      'structured-clone': CHANGES_THE_ARGUMENT,
    },
  },
  {
    fixture: 'functions-in-args.mjs',
    fn: 'callAll',
    args: '{ handlers: [twice, (x) => x + 1] }',
    expect: {
      'by-value': { ok: equals([4, 3]) },
      // The arrow comes from the argument expression (evaluated code): it has no file location.
      'by-reference': { fails: 'dumps', path: 'args[0].handlers[1]' },
      wrapped: { fails: 'dumps', path: 'args[0].handlers[1]' },
      // JSON writes a function inside data as null (reported); the call then fails as it would on a JSON channel.
      json: { fails: 'run', warn: 'args[0].handlers[0]' },
      'structured-clone': { fails: 'dumps', path: 'args[0].handlers[0]', line: 1 },
    },
  },
  {
    fixture: 'functions-in-args.mjs',
    fn: 'apply',
    args: 'twice, 5',
    expect: {
      ...all({ ok: equals(10) }),
      json: CHANGES_THE_ARGUMENT,
      'structured-clone': { fails: 'dumps', path: 'args[0]', line: 1 },
    },
  },
  {
    fixture: 'function-result.mjs',
    fn: 'getExported',
    args: '',
    expect: {
      'by-value': { ok: callsTo(3, 9) },
      'by-reference': { ok: callsTo(3, 9) },
      wrapped: { ok: callsTo(3, 9) },
      json: JSON_DROPS_THE_RESULT,
      'structured-clone': { fails: 'result-dumps', path: 'result', line: 1 },
    },
  },
  {
    fixture: 'function-result.mjs',
    fn: 'getLocal',
    args: '',
    expect: {
      'by-value': { ok: callsTo(3, 9) },
      'by-reference': { fails: 'result-loads', path: 'result', line: 5 },
      // Rebuilt from source in the worker, the returned helper is no longer the module's binding.
      wrapped: { fails: 'result-dumps', path: 'result', line: 5 },
      json: JSON_DROPS_THE_RESULT,
      'structured-clone': { fails: 'result-dumps', path: 'result', line: 5 },
    },
  },
  {
    fixture: 'function-result.mjs',
    fn: 'getClosure',
    args: '3',
    expect: {
      'by-value': { ok: callsTo(2, 6) },
      'by-reference': { fails: 'result-dumps', path: 'result', line: 18 },
      // The worker runs the wrapped function rebuilt from its source, laid out on its original lines.
      wrapped: { fails: 'result-dumps', path: 'result', line: 18 },
      json: JSON_DROPS_THE_RESULT,
      'structured-clone': { fails: 'result-dumps', path: 'result', line: 18 },
    },
  },
  {
    fixture: 'function-result.mjs',
    fn: 'getCache',
    args: '',
    expect: {
      'by-value': { ok: (value) => assert.deepEqual((value as { cache: unknown }).cache, new Map([['a', 1]])) },
      'by-reference': { fails: 'result-dumps', path: 'result.handler', line: 22 },
      wrapped: { fails: 'result-dumps', path: 'result.handler', line: 22 },
      json: { ok: (value) => assert.deepEqual((value as { cache: unknown }).cache, {}), warn: 'result.handler' },
      'structured-clone': { fails: 'result-dumps', path: 'result.handler', line: 22 },
    },
  },
  {
    fixture: 'cycles.mjs',
    fn: 'countCycle',
    args: 'makeGraph()',
    expect: { ...all({ ok: equals('cyclic') }), json: { fails: 'dumps', path: 'args[0].nodes[0].next' } },
  },
  {
    fixture: 'bigint-map.mjs',
    fn: 'sumKeys',
    args: 'ledger',
    expect: {
      ...all({ ok: equals(20000000000000000001n) }),
      json: CHANGES_THE_ARGUMENT,
      'structured-clone': { ok: equals(20000000000000000001n) },
    },
  },
  {
    fixture: 'bigint-map.mjs',
    fn: 'sumKeys',
    args: 'new Map([[5n, "five"]]).keys().next().value',
    expect: {
      'by-value': { fails: 'run' },
      'by-reference': { fails: 'run' },
      wrapped: { fails: 'run' },
      json: { fails: 'dumps', path: 'args[0]' },
      'structured-clone': { fails: 'run' },
    },
  },
  {
    fixture: 'enum-import.ts',
    fn: 'paint',
    args: '{ color: Color.Red, coats: 2 }',
    expect: all({ ok: equals('red-2') }),
  },
  {
    fixture: 'enum-import.ts',
    fn: 'paintLocally',
    args: '{ color: Color.Red, coats: 2 }',
    expect: byReferenceFails({ ok: equals('red-4') }, { fails: 'loads', path: 'fn', line: 14 }),
  },
  { fixture: 'commonjs.cjs', fn: 'addOffset', args: '1', expect: all({ ok: equals(8) }) },
  {
    fixture: 'commonjs.cjs',
    fn: 'hiddenJoin',
    args: "'a', 'b'",
    expect: byReferenceFails({ ok: equals('a/b') }, { fails: 'loads', path: 'fn', line: 9 }),
  },
  { fixture: 'main-guard.mjs', fn: 'greet', args: "'x'", expect: all({ ok: equals('hello x') }) },
  { fixture: 'main-guard.cjs', fn: 'greet', args: "'x'", expect: all({ ok: equals('hello x') }) },
];

async function runThrough(remote: Remote, mode: string, fn: Function, args: unknown[]): Promise<Outcome> {
  const warnings: ValueWarning[] = [];
  const pickler = await resolvePickler(mode);
  const sent = mode === 'wrapped' ? wrapNonPicklable(fn) : fn; // as the profiler sends the profiled function
  let bytes: Uint8Array;
  try {
    bytes = pickler.dumps({ fn: sent, args }, { root: 'task', warnings });
  } catch (error) {
    return { stage: 'dumps', error: error as Error, warnings };
  }
  const reply = await remote.run(mode, bytes);
  warnings.push(...reply.warnings);
  if (reply.failure) {
    const stage = reply.failure.stage === 'dumps' ? 'result-dumps' : reply.failure.stage;
    return { stage, error: reply.failure, warnings };
  }
  try {
    return { stage: 'ok', value: await pickler.loads(reply.result!, { root: 'result', warnings }), warnings };
  } catch (error) {
    return { stage: 'result-loads', error: error as Error, warnings };
  }
}

/** What the real channel does with the same call, run here: the mode's verdict must be the same. */
const REAL_CHANNELS = {
  json: (value: unknown) => (JSON.parse(JSON.stringify({ data: value })) as { data: unknown }).data,
  'structured-clone': (value: unknown) => structuredClone(value),
};

async function agreesWithRealChannel(
  mode: keyof typeof REAL_CHANNELS,
  fn: Function,
  args: unknown[],
  outcome: Outcome,
): Promise<void> {
  // The task's function itself is named by reference (a file and an export, as piscina's): not data.
  if (
    outcome.stage === 'loads' ||
    outcome.stage === 'result-loads' ||
    (outcome.stage === 'dumps' && outcome.error.path === 'fn')
  )
    return;
  const deliver = REAL_CHANNELS[mode];
  const label = `${mode} against the real channel`;
  let sent: unknown[];
  try {
    sent = deliver(args) as unknown[];
  } catch {
    return assert.equal(outcome.stage, 'dumps', label);
  }
  let returned: unknown;
  try {
    returned = await fn(...sent);
  } catch {
    return assert.equal(outcome.stage, 'run', label);
  }
  let received: unknown;
  try {
    received = deliver(returned);
  } catch {
    return assert.equal(outcome.stage, 'result-dumps', label);
  }
  assert.equal(outcome.stage, 'ok', label);
  assert.deepEqual((outcome as { value: unknown }).value, received, label);
}

function describeOutcome(outcome: Outcome): string {
  const warned = outcome.warnings.length > 0 ? ` ⚠ ${[...new Set(outcome.warnings.map((w) => w.path))].join(',')}` : '';
  if (outcome.stage === 'ok') return `ok${warned}`;
  const { path, location } = outcome.error;
  return `✗ ${outcome.stage}${path ? ` ${path}` : ''}${location ? ` :${location.line}` : ''}${warned}`;
}

for (const backend of ['process', 'thread'] as const) {
  describe(`fixture × mode through a ${backend} worker`, () => {
    let remote: Remote;
    const modules = new Map<string, UserModule>();
    const table: string[] = [];
    before(() => {
      remote = startRemote(backend);
    });
    after(async () => {
      await remote.close();
      if (backend === 'process')
        console.log(['', '| fixture · function | ' + PICKLER_MODES.join(' | ') + ' |', ...table].join('\n'));
    });

    for (const testCase of CASES) {
      test(`${testCase.fixture} · ${testCase.fn}(${testCase.args})`, async () => {
        const file = join(FIXTURES, testCase.fixture);
        const module = modules.get(file) ?? (await loadUserModule(file));
        modules.set(file, module);
        const fn = (
          /^\w+$/.test(testCase.fn) ? module.getBinding(testCase.fn) : evaluateArguments(module, testCase.fn)[0]
        ) as Function;
        const args = evaluateArguments(module, testCase.args);
        const cells: string[] = [];
        for (const mode of PICKLER_MODES) {
          const outcome = await runThrough(remote, mode, fn, args);
          cells.push(describeOutcome(outcome));
          const expected = testCase.expect[mode]!;
          const label = `${mode}: ${describeOutcome(outcome)} ${outcome.stage !== 'ok' ? outcome.error.message : ''}`;
          if ('ok' in expected) {
            assert.equal(outcome.stage, 'ok', label);
            expected.ok((outcome as { value: unknown }).value);
          } else {
            assert.equal(outcome.stage, expected.fails, label);
            const { error } = outcome as Extract<Outcome, { error: unknown }>;
            if (expected.path !== undefined) assert.equal(error.path, expected.path, label);
            if (expected.line !== undefined) assert.equal(error.location?.line, expected.line, label);
          }
          if (mode === 'json' || mode === 'structured-clone') await agreesWithRealChannel(mode, fn, args, outcome);
          if (expected.warn)
            assert.ok(
              outcome.warnings.some((w) => w.path === expected.warn),
              `${label}: warning at ${expected.warn}`,
            );
          else if (!('fails' in expected && expected.fails === 'run')) assert.deepEqual(outcome.warnings, [], label);
        }
        table.push(`| ${testCase.fixture} · ${testCase.fn}(${testCase.args}) | ${cells.join(' | ')} |`);
      });
    }
  });
}
