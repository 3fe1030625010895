import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { ProfileInputError } from '../protocol/input-problem';
import type { ProfileOptions } from '../protocol/report';
import type { BridgeMessage, BridgeReport, BridgeRequest } from './bridge-messages';
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
 * also stops loky's workers (./bridge-stop.ts).
 */
export function runBridge(python: string, request: BridgeRequest, options: ProfileOptions = {}): Promise<BridgeReport> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const detached = process.platform !== 'win32';
    const child = spawn(python, [bridgeScript()], {
      cwd: dirname(request.file),
      env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
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
      process.removeListener('exit', stopper.stopNow);
      child.stdin.end();
      if (error) {
        stopper.stop();
        reject(error);
      } else resolve(report as BridgeReport);
    };
    const onAbort = () => finish(options.signal?.reason ?? new Error('cancelled'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    process.once('exit', stopper.stopNow);
    const limitMs = overallLimitMs(request);
    const guard = setTimeout(() => finish(new Error(`the Python bridge for ${request.file} did not answer within ${limitMs} ms`)), limitMs);

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEPT);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let message: BridgeMessage;
      try {
        message = JSON.parse(line) as BridgeMessage;
      } catch {
        return;
      }
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'report') finish(undefined, message.report);
      else if (message.type === 'input-problem') finish(new ProfileInputError(message.problem));
      else finish(new Error(`the Python bridge failed: ${message.message}\n${message.traceback}`));
    });
    child.on('error', (error) => finish(new Error(`could not start ${python}: ${error.message}; choose another interpreter (--python, or the serializationProfiler.pythonPath setting)`, { cause: error })));
    child.on('close', (code, signal) => {
      finish(new Error(`the Python bridge exited (${signal ?? `code ${code}`}) without a report.\n${stderr.trim()}`));
    });
    child.stdin.on('error', () => undefined);
    // Kept open while the run is awaited: the bridge stops by itself when it ends (this process gone, or done with it).
    child.stdin.write(`${JSON.stringify(request)}\n`);
  });
}
