import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ModeResult, ProfileReport, ProfileRequest, ReportError } from '../../../worker-host/protocol/report';
import { PHASES } from '../../../worker-host/protocol/report';

const root = join(__dirname, '..', '..', '..');
export const SEED = join(root, 'examples', 'python', 'seed_scenario.py');
export const FAILURES = join(root, 'test', 'fixtures', 'python', 'failures.py');

/** A quick request: one cold round and one measured round per mode. */
export function pythonRequest(
  file: string,
  functionName: string,
  argsExpression: string,
  modes: string[],
): ProfileRequest {
  return { file, functionName, argsExpression, modes, repeat: 1, warmup: 0, backend: 'process', timeoutMs: 30_000 };
}

export function mode(report: ProfileReport, name: string): ModeResult {
  const result = report.results.find((candidate) => candidate.mode === name);
  assert.ok(result, `no ${name} result in ${report.results.map((r) => r.mode).join(', ')}`);
  return result;
}

export function failure(report: ProfileReport, name: string): ReportError {
  const result = mode(report, name);
  assert.equal(result.status, 'error', `${name} should fail: ${JSON.stringify(result)}`);
  assert.ok(result.error);
  return result.error;
}

/** An ok mode with its timings, whose phases add up to the total. */
export function assertOk(report: ProfileReport, name: string, preview: string): void {
  const result = mode(report, name);
  assert.equal(result.status, 'ok', `${name} failed: ${JSON.stringify(result.error)}`);
  assert.equal(result.resultPreview, preview);
  assert.ok(result.timings && result.bytes && result.cold);
  const sum = PHASES.reduce((total, phase) => total + (result.timings?.[phase].median ?? 0), 0);
  assert.ok(
    Math.abs(sum - result.timings.total.median) < 1e-6,
    `phases ${sum} vs total ${result.timings.total.median}`,
  );
  for (const phase of PHASES) assert.ok(result.timings[phase].min >= 0, `${phase} is negative`);
  assert.ok(result.bytes.task > 0 && result.bytes.result > 0);
}
