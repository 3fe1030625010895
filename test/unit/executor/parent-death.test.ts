import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HOSTILE_FILE, REF_PICKLER, eventually, isRunning } from './fixtures';

const EXECUTOR_BUNDLE = join(__dirname, '..', '..', '..', 'dist', 'executor.js');

/** A program whose worker runs an endless synchronous loop; it prints its worker's pid once the loop started. */
function program(backend: string, file: string): string {
  return `
    const { Executor } = require(${JSON.stringify(EXECUTOR_BUNDLE)});
    const hostile = require(${JSON.stringify(HOSTILE_FILE)});
    const { readFileSync } = require('node:fs');
    const executor = new Executor({
      backend: ${JSON.stringify(backend)}, maxWorkers: 1, pickler: ${JSON.stringify(REF_PICKLER)},
    });
    executor.submit(hostile.recordThenSpin, ${JSON.stringify(file)}, 1).catch(() => undefined);
    const started = setInterval(() => {
      if (!readFileSync(${JSON.stringify(file)}, 'utf8').includes('1')) return;
      clearInterval(started);
      console.log('worker', executor.workerPids()[0]);
    }, 20);`;
}

describe('workers die with their parent however it ends', { timeout: 120_000 }, () => {
  for (const backend of ['process', 'thread'] as const) {
    for (const signal of ['SIGKILL', 'SIGTERM', 'SIGHUP'] as const) {
      test(`${backend}: ${signal} to the parent while its worker runs an endless synchronous loop`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'executor-orphan-'));
        const file = join(dir, 'started.txt');
        const parent = spawn(
          process.execPath,
          ['-e', `require('node:fs').writeFileSync(${JSON.stringify(file)}, ''); ${program(backend, file)}`],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        try {
          const workerPid = await new Promise<number>((resolve, reject) => {
            let out = '';
            parent.stdout.on('data', (chunk: Buffer) => {
              out += chunk.toString();
              const match = /worker (\d+)/.exec(out);
              if (match) resolve(Number(match[1]));
            });
            parent.on('exit', (code) => reject(new Error(`the program ended first (${code})`)));
          });
          assert.ok(isRunning(workerPid));
          const exited = new Promise((resolve) => parent.on('exit', resolve));
          parent.kill(signal);
          await exited;
          await eventually(
            () => !isRunning(workerPid),
            10_000,
            `worker ${workerPid} to end after its parent got ${signal}`,
          );
        } finally {
          parent.kill('SIGKILL');
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }
});
