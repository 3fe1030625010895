import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { ProfileInputError } from '../protocol/input-problem';
import type { ProfileOptions } from '../protocol/report';
import { PythonBridgeError, PythonRunCancelledError } from './bridge-errors';
import { parseBridgeMessage, type BridgeReport, type BridgeRequest } from './bridge-messages';
import { bridgeScript } from './bridge-path';
import { bridgeStopper } from './bridge-stop';

const STDERR_KEPT = 16_000;

/** A guard against a bridge that never answers; per-task timeouts are the bridge's own job. */
function overallLimitMs(request: BridgeRequest): number {
  const roundsPerMode = Math.max(request.warmup, 1) + request.repeat + 3;
  return request.timeoutMs * roundsPerMode * request.modes.length + 60_000;
}

/**
 * Runs the bridge under `python` for one request. The bridge runs in its own process group so that cancelling
 * also stops loky's workers (./bridge-stop.ts). Its workers inherit PYTHONFAULTHANDLER: a worker that crashes
 * prints where, and the bridge shows it.
 */
export function runBridge(python: string, request: BridgeRequest, options: ProfileOptions = {}): Promise<BridgeReport> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) throw new PythonRunCancelledError(options.signal.reason);
    const detached = process.platform !== 'win32';
    const child = spawn(python, [bridgeScript()], {
      cwd: dirname(request.file),
      env: {
        ...process.env,
        PYTHONIOENCODING: 'utf-8',
        PYTHONUNBUFFERED: '1',
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONFAULTHANDLER: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached,
      windowsHide: true,
    });
    let stderr = '';
    let settled = false;
    const stopper = bridgeStopper(child, detached);
    const finish = (error: unknown, report?: BridgeReport) => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      options.signal?.removeEventListener('abort', onAbort);
      child.stdin.end();
      if (error) {
        stopper.stop();
        reject(error);
      } else resolve(report as BridgeReport);
    };
    const onAbort = () => finish(new PythonRunCancelledError(options.signal?.reason));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const limitMs = overallLimitMs(request);
    const guard = setTimeout(
      () => finish(new PythonBridgeError(`the Python bridge for ${request.file} did not answer within ${limitMs} ms`)),
      limitMs,
    );

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEPT);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = parseBridgeMessage(line);
      if (message === undefined)
        finish(new PythonBridgeError(`the Python bridge sent a malformed message: ${line.slice(0, 200)}`));
      else if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'report') finish(undefined, message.report);
      else if (message.type === 'input-problem') finish(new ProfileInputError(message.problem));
      else finish(new PythonBridgeError(`the Python bridge failed: ${message.message}`, message.traceback));
    });
    child.on('error', (error) =>
      finish(
        new Error(
          `could not start ${python}: ${error.message}; ` +
            'choose another interpreter (--python, or the serializationProfiler.pythonPath setting)',
          { cause: error },
        ),
      ),
    );
    child.on('close', (code, signal) => {
      stopper.closed();
      finish(
        new PythonBridgeError(
          `the Python bridge exited (${signal ?? `code ${code}`}) without a report.`,
          stderr.trim(),
        ),
      );
    });
    child.stdin.on('error', () => undefined);
    // Kept open while the run is awaited: the bridge stops by itself when it ends (this process gone, or done with it).
    child.stdin.write(`${JSON.stringify(request)}\n`);
  });
}
