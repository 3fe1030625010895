/**
 * The profiler: runs one function under every requested pickler mode through one executor (its own pool) and
 * reduces the rounds to a report.
 *
 * How the phases are measured. Every timestamp is `process.hrtime.bigint()`, i.e. CLOCK_MONOTONIC, one clock
 * shared by every process and thread of the machine, so a reading taken in the parent and one taken in a worker
 * can be subtracted. The executor stamps: parent before/after dumps (serialize), worker on receipt (transfer =
 * receipt − parent's send), worker after loads (deserialize), after the call (run), after dumps of the result
 * (resultSerialize), parent on receipt (resultTransfer = receipt − worker's send), parent after loads
 * (resultDeserialize). The stamps are consecutive, so the seven phases add up to the round's total; this file
 * only takes median/min/max over rounds (see mode-result.ts) and the tests hold the sum within 10 %.
 */
import { CancelledError } from '../errors';
import { Executor, type PartialMeasure } from '../executor/index';
import { evaluateArgumentsAwaiting, loadUserModule } from '../loader/index';
import { functionAsStringVerdict } from '../picklers/function-as-string';
import { resolvePickler } from '../picklers/registry';
import { wrapNonPicklable } from '../picklers/wrap';
import { ProfileInputError } from '../protocol/input-problem';
import type {
  ModeResult,
  PicklerMode,
  ProfileOptions,
  ProfileReport,
  ProfileRequest,
  ValueWarning,
} from '../protocol/report';
import { buildModeResult, type ModeRun } from './mode-result';
import { previewValue } from './preview';
import { profilePythonFile } from './python-dispatch';
import { isPythonFile } from './python-file';
import { toReportError } from './report-error';
import { resolveTarget } from './resolve-function';

export type Target = (...args: unknown[]) => unknown;

export async function profile(request: ProfileRequest, options: ProfileOptions = {}): Promise<ProfileReport> {
  validateRequest(request);
  if (isPythonFile(request.file)) return profilePythonFile(request, options);
  const { signal, onProgress } = options;
  const startedAt = new Date().toISOString();
  throwIfCancelled(signal);
  onProgress?.({
    mode: request.modes[0],
    modeIndex: 0,
    modeCount: request.modes.length,
    stage: 'loading',
    round: 0,
    rounds: 0,
  });
  const module = await loadUserModule(request.file, { registrationTimeoutMs: request.timeoutMs });
  const target = (await resolveTarget(module, request.functionName)) as Target;
  const args = await evaluateArgumentsAwaiting(module, request.argsExpression);
  throwIfCancelled(signal);

  const report: ProfileReport = {
    file: request.file,
    function: request.functionName,
    language: 'javascript',
    argsExpression: request.argsExpression,
    backend: request.backend,
    repeat: request.repeat,
    warmup: request.warmup,
    timeoutMs: request.timeoutMs,
    startedAt,
    results: [],
    functionAsString: functionAsStringVerdict(target),
  };
  // A pool of its own, not the process's shared one: the first round of the first mode is a genuinely cold
  // start, and two profiles running at once in the worker host never replace or resize each other's workers.
  const executor = new Executor({ backend: request.backend, maxWorkers: request.maxWorkers ?? 1 });
  let timedOut: PicklerMode | undefined;
  try {
    for (const [modeIndex, mode] of request.modes.entries()) {
      if (signal?.aborted) {
        report.results.push(cancelledResult(mode));
        continue;
      }
      const modeRequest = timedOut === undefined ? request : afterTimeout(request);
      const result = await profileMode(executor, target, args, mode, modeIndex, modeRequest, options);
      if (result.error?.kind === 'timeout') {
        if (timedOut !== undefined) {
          const shortened = shortenedTimeoutMessage(timedOut, request.timeoutMs, modeRequest.timeoutMs);
          result.error.message = result.error.summary = shortened;
        }
        timedOut ??= mode;
      }
      report.results.push(result);
    }
  } finally {
    await executor.shutdown({ killWorkers: true });
  }
  if (signal?.aborted) throw Object.assign(new CancelledError('Profiling was cancelled.'), { report });
  return report;
}

/**
 * A function that never returns would cost the full timeout in every mode. Once one mode timed out, each later
 * mode gets one round with a tenth of the timeout (at least 1 s): enough to show a mode that does finish, short
 * enough that three hanging modes cost about 1.2 timeouts instead of 3.
 */
function afterTimeout(request: ProfileRequest): ProfileRequest {
  return {
    ...request,
    warmup: 0,
    repeat: 1,
    timeoutMs: Math.min(request.timeoutMs, Math.max(1000, Math.round(request.timeoutMs / 10))),
  };
}

function shortenedTimeoutMessage(first: PicklerMode, timeoutMs: number, shortenedMs: number): string {
  return (
    `The task did not finish within ${shortenedMs} ms ` +
    `(shortened: under ${first} it did not finish within ${timeoutMs} ms); its worker was killed.`
  );
}

/** One mode: warm-up rounds, then measured rounds, through `executor`; exported for the overhead benchmark. */
export async function profileMode(
  executor: Executor,
  target: Target,
  args: unknown[],
  mode: PicklerMode,
  modeIndex: number,
  request: ProfileRequest,
  { signal, onProgress }: ProfileOptions,
): Promise<ModeResult> {
  const fn = mode === 'wrapped' ? wrapNonPicklable(target) : target;
  const run: ModeRun = { mode, measured: [], warnings: [] };
  const rounds = request.warmup + request.repeat;
  const modeCount = request.modes.length;
  let lastValue: { value: unknown } | undefined;
  for (let round = 0; round < rounds; round++) {
    const warming = round < request.warmup;
    onProgress?.({
      mode,
      modeIndex,
      modeCount,
      stage: warming ? 'warmup' : 'measure',
      round: warming ? round + 1 : round - request.warmup + 1,
      rounds: warming ? request.warmup : request.repeat,
    });
    try {
      const outcome = await executor.submitTask(fn, args, { pickler: mode, timeoutMs: request.timeoutMs, signal });
      // The executor's total starts at serialization; a cold round also waited for its worker to start.
      if (round === 0)
        run.cold = { total: outcome.queuedMs + outcome.timings.total, poolStarted: outcome.workerStarted };
      run.warnings.push(...outcome.warnings);
      if (!warming) run.measured.push({ timings: outcome.timings, bytes: outcome.bytes });
      lastValue = { value: outcome.value };
    } catch (error) {
      // The executor keeps no warnings of a failed task; they are the likeliest explanation, so they are
      // worked out again from the same task, as the mode's pickler sends it.
      run.warnings.push(...(await taskWarnings(mode, fn, args)));
      run.error = toReportError(error, run.warnings);
      run.failedRound = partialMeasure(error);
      break; // The same task fails the same way again; one failure is the answer for this mode.
    }
  }
  if (lastValue) run.resultPreview = previewValue(lastValue.value);
  onProgress?.({ mode, modeIndex, modeCount, stage: 'done', round: rounds, rounds });
  return buildModeResult(run);
}

/** The warnings `mode` gives for sending the task (none when it cannot be sent: that failure is the report). */
async function taskWarnings(mode: PicklerMode, fn: Target, args: unknown[]): Promise<ValueWarning[]> {
  const warnings: ValueWarning[] = [];
  try {
    (await resolvePickler(mode)).dumps({ fn, args }, { root: 'task', warnings });
  } catch {
    // the failure itself is reported
  }
  return warnings;
}

/** What the executor measured of a round before it failed (attached to its error as `partial`). */
function partialMeasure(error: unknown): ModeRun['failedRound'] {
  const partial = (error as { partial?: PartialMeasure } | null)?.partial;
  if (!partial) return undefined;
  return { timings: { ...partial.timings }, bytes: { ...partial.bytes } };
}

const CANCELLED_BEFORE = 'Profiling was cancelled before this mode ran.';

function cancelledResult(mode: PicklerMode): ModeResult {
  return buildModeResult({
    mode,
    measured: [],
    warnings: [],
    error: { kind: 'cancelled', message: CANCELLED_BEFORE, summary: CANCELLED_BEFORE },
  });
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('Profiling was cancelled.');
}

function validateRequest(request: ProfileRequest): void {
  const problems: string[] = [];
  if (!Array.isArray(request.modes) || request.modes.length === 0) problems.push('at least one mode is needed');
  if (!Number.isInteger(request.repeat) || request.repeat < 1) problems.push('repeat must be an integer ≥ 1');
  if (!Number.isInteger(request.warmup) || request.warmup < 0) problems.push('warmup must be an integer ≥ 0');
  if (request.backend !== 'process' && request.backend !== 'thread')
    problems.push("backend must be 'process' or 'thread'");
  if (!(request.timeoutMs > 0)) problems.push('timeoutMs must be positive');
  if (request.maxWorkers !== undefined && !(Number.isInteger(request.maxWorkers) && request.maxWorkers >= 1)) {
    problems.push('maxWorkers must be an integer ≥ 1');
  }
  if (problems.length > 0) {
    throw new ProfileInputError({ code: 'bad-option', message: `Bad profile request: ${problems.join('; ')}.` });
  }
}
