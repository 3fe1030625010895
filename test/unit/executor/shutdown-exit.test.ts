import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { REF_PICKLER, TASKS_FILE } from './fixtures';

const run = promisify(execFile);
const EXECUTOR_BUNDLE = join(__dirname, '..', '..', '..', 'dist', 'executor.js');

/** A program that awaits `shutdown()` and then prints "after": Node must not exit before it prints. */
function program(backend: string, killWorkers: boolean, whenIdle: boolean): string {
  return `
    const { Executor } = require(${JSON.stringify(EXECUTOR_BUNDLE)});
    const tasks = require(${JSON.stringify(TASKS_FILE)});
    (async () => {
      const executor = new Executor({
        backend: ${JSON.stringify(backend)}, maxWorkers: 2, pickler: ${JSON.stringify(REF_PICKLER)},
      });
      const pending = executor.submit(tasks.add, 1, 2);
      if (${whenIdle}) {
        console.log('value', await pending);
        await new Promise((resolve) => setTimeout(resolve, 100));
      } else pending.catch(() => undefined);
      await executor.shutdown({ killWorkers: ${killWorkers} });
      console.log('after');
    })();`;
}

describe('shutdown() awaited in a program whose workers are idle or starting', { timeout: 60_000 }, () => {
  for (const backend of ['process', 'thread']) {
    for (const killWorkers of [false, true]) {
      for (const whenIdle of [true, false]) {
        const when = whenIdle ? 'idle workers' : 'right after submit';
        test(`${backend}, killWorkers ${killWorkers}, ${when}: the program goes on after it`, async () => {
          const { stdout } = await run(process.execPath, ['-e', program(backend, killWorkers, whenIdle)], {
            timeout: 20_000,
          });
          assert.match(stdout, /after/);
          if (whenIdle) assert.match(stdout, /value 3/);
        });
      }
    }
  }
});
