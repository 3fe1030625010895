import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ProfileInputError } from '../protocol/input-problem';

export interface RecordedExit {
  exitCode: number;
  signal: string | null;
  durationMs: number;
}

export interface RecordedOutput {
  /** The command's stdout goes to this process's stderr (its bytes unchanged), leaving stdout to the report. */
  stdoutToStderr: boolean;
}

/**
 * Runs the command with the terminal's stdin, stdout and stderr, and waits for it. Ctrl-C reaches the command
 * (it shares the terminal's process group) while this process waits for it to end; SIGTERM and SIGHUP sent to
 * this process are passed on. A command that cannot be started at all is bad input.
 */
export function runRecorded(
  command: readonly string[],
  env: NodeJS.ProcessEnv,
  output: RecordedOutput = { stdoutToStderr: false },
): Promise<RecordedExit> {
  const [file, ...args] = command;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const stdio = output.stdoutToStderr ? (['inherit', 2, 'inherit'] as const) : 'inherit';
    const child = spawn(file!, args, { env, stdio: stdio as 'inherit' | ['inherit', number, 'inherit'] });
    const ignore = (): void => undefined;
    const forward = (signal: NodeJS.Signals) => (): void => {
      child.kill(signal);
    };
    const handlers: [NodeJS.Signals, () => void][] = [
      ['SIGINT', ignore],
      ['SIGTERM', forward('SIGTERM')],
      ['SIGHUP', forward('SIGHUP')],
    ];
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = (): void => {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done();
      const reason =
        error.code === 'ENOENT' ? 'no such command' : error.code === 'EACCES' ? 'not executable' : error.message;
      reject(
        new ProfileInputError({
          code: 'bad-option',
          message:
            `cannot run ${file}: ${reason}. Give a command on PATH or a path to a program, e.g. ` +
            `serial-profile record -- node app.js`,
        }),
      );
    });
    child.once('exit', (code, signal) => {
      done();
      const exitCode = code ?? 128 + (signal ? ((constants.signals as Record<string, number>)[signal] ?? 0) : 0);
      resolve({ exitCode, signal, durationMs: performance.now() - started });
    });
  });
}
