import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Backend,
  type ErrorKind,
  Executor,
  SerializationProfilerError,
} from '../../../worker-host/executor/index';
import { REF_PICKLER, TASKS_FILE, isAlive, refPickler, tasks } from './fixtures';

interface Case {
  name: string;
  fn: (...args: never[]) => unknown;
  args?: unknown[];
  timeoutMs?: number;
  kind: ErrorKind;
  message: RegExp | ((backend: Backend) => RegExp);
  path?: string;
  check?: (error: SerializationProfilerError) => void;
}

const crashMessage = (backend: Backend): RegExp =>
  backend === 'process' ? /killed by signal SIGSEGV/ : /ran out of memory/;

/** loky's crash table: where a task can break, and what the caller must get. */
const CASES: Case[] = [
  // Serializing the task, in the parent.
  {
    name: 'task: function not exported',
    fn: function notExported() {},
    kind: 'task-serialize',
    message: /Could not serialize the task[\s\S]*Can't pickle function notExported/,
    path: 'fn',
  },
  {
    name: 'task: argument errors at pickle',
    fn: tasks.echo,
    args: [new tasks.ErrorAtPickle()],
    kind: 'task-serialize',
    message: /Error in __reduce__ while pickling/,
  },
  {
    name: 'task: argument not cloneable',
    fn: tasks.echo,
    args: [{ deep: [Symbol('x')] }],
    kind: 'task-serialize',
    message: /could not be cloned|Can't pickle/,
  },
  // Un-serializing the task, in the worker.
  {
    name: 'task load: bad reference',
    fn: refPickler.ref(TASKS_FILE, 'missing'),
    kind: 'task-deserialize',
    message: /^A task has failed to un-serialize\.[\s\S]*Can't get attribute 'missing'/,
    path: 'fn',
  },
  {
    name: 'task load: loader throws',
    fn: tasks.echo,
    args: [new tasks.ErrorAtUnpickle()],
    kind: 'task-deserialize',
    message: /A task has failed to un-serialize[\s\S]*Error while unpickling/,
  },
  {
    name: 'task load: exit',
    fn: tasks.echo,
    args: [new tasks.ExitAtUnpickle()],
    kind: 'worker-terminated',
    message: /exited with code 5/,
  },
  {
    name: 'task load: crash',
    fn: tasks.echo,
    args: [new tasks.CrashAtUnpickle()],
    kind: 'worker-terminated',
    message: crashMessage,
  },
  // Running the function, in the worker.
  {
    name: 'run: throws',
    fn: tasks.throwCoded,
    args: ['no such thing'],
    kind: 'run',
    message: /RangeError: no such thing/,
    check(error) {
      const cause = error.cause as RangeError & { code?: string; details?: unknown };
      assert.ok(cause instanceof RangeError);
      assert.equal(cause.code, 'E_FIXTURE');
      assert.deepEqual(cause.details, { attempt: 3 });
      assert.match(cause.stack ?? '', /tasks\.js:\d+:\d+/);
      assert.equal(error.location?.file, TASKS_FILE);
    },
  },
  {
    name: 'run: process.exit',
    fn: tasks.exitWith,
    args: [7],
    kind: 'worker-terminated',
    message: /exited with code 7/,
  },
  {
    name: 'run: writes to stderr, then exits',
    fn: tasks.logThenExit,
    args: ['last words before exiting', 9],
    kind: 'worker-terminated',
    message: /exited with code 9[\s\S]*Its last output on stderr:\n[\s\S]*last words before exiting/,
  },
  { name: 'run: crash', fn: tasks.crash, kind: 'worker-terminated', message: crashMessage },
  { name: 'run: hang', fn: tasks.hang, timeoutMs: 300, kind: 'timeout', message: /did not finish within 300 ms/ },
  {
    name: 'run: uncaught error outside the task',
    fn: tasks.uncaughtLater,
    kind: 'worker-terminated',
    message: /TypeError: failure outside the task/,
  },
  {
    name: 'run: out of memory',
    fn: tasks.blowHeap,
    kind: 'worker-terminated',
    message: /ran out of memory/,
    check: (error) => assert.match(error.hint ?? '', /memory/),
  },
  // Serializing the result, in the worker.
  {
    name: 'result: function not exported',
    fn: tasks.returnUnexported,
    kind: 'result-serialize',
    message: /result could not be serialized[\s\S]*localHandler/,
    path: 'result.handler',
  },
  {
    name: 'result: not cloneable',
    fn: tasks.returnSymbol,
    kind: 'result-serialize',
    message: /result could not be serialized/,
  },
  {
    name: 'result: errors at pickle',
    fn: tasks.returnInstance,
    args: ['ErrorAtPickle'],
    kind: 'result-serialize',
    message: /Error in __reduce__ while pickling/,
  },
  {
    name: 'result: exit at pickle',
    fn: tasks.returnInstance,
    args: ['ExitAtPickle'],
    kind: 'worker-terminated',
    message: /exited with code 4/,
  },
  {
    name: 'result: crash at pickle',
    fn: tasks.returnInstance,
    args: ['CrashAtPickle'],
    kind: 'worker-terminated',
    message: crashMessage,
  },
  // Un-serializing the result, in the parent.
  {
    name: 'result load: loader throws',
    fn: tasks.returnInstance,
    args: ['ErrorAtUnpickle'],
    kind: 'result-deserialize',
    message: /^A result has failed to un-serialize[\s\S]*Error while unpickling/,
  },
  {
    name: 'result load: bad reference',
    fn: tasks.returnBadReference,
    kind: 'result-deserialize',
    message: /Can't get attribute 'missing'/,
    path: 'result',
  },
];

for (const backend of ['process', 'thread'] as const) {
  describe(`crash table (${backend})`, { timeout: 60_000 }, () => {
    let executor: Executor;
    const pids = new Set<number>();

    before(() => {
      executor = new Executor({
        backend,
        maxWorkers: 2,
        idleTimeoutMs: 2_000,
        pickler: REF_PICKLER,
        ...(backend === 'process'
          ? { execArgv: ['--max-old-space-size=48'] }
          : { resourceLimits: { maxOldGenerationSizeMb: 48 } }),
      });
    });

    after(async () => {
      await executor.shutdown({ wait: true });
      if (backend === 'process') for (const pid of pids) assert.equal(isAlive(pid), false, `worker ${pid} still alive`);
    });

    for (const c of CASES) {
      test(`${c.name} → ${c.kind}, and the next task succeeds`, async () => {
        const error = await executor
          .submitTask(
            c.fn as (...args: unknown[]) => unknown,
            c.args ?? [],
            c.timeoutMs ? { timeoutMs: c.timeoutMs } : {},
          )
          .then(
            () => assert.fail('the task should have failed'),
            (thrown: unknown) => thrown,
          );
        assert.ok(error instanceof SerializationProfilerError, `not a SerializationProfilerError: ${String(error)}`);
        assert.equal(error.kind, c.kind, error.message);
        const expected = typeof c.message === 'function' ? c.message(backend) : c.message;
        assert.match(error.message, expected);
        assert.ok(error.cause !== undefined, 'the error carries its cause');
        if (c.path !== undefined) assert.equal(error.path, c.path);
        c.check?.(error);
        const next = await executor.submitTask(tasks.double, [21]);
        assert.equal(next.value, 42);
        for (const pid of executor.workerPids()) pids.add(pid);
      });
    }
  });
}
