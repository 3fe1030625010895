import { PHASES, type ModeResult, type PicklerMode, type ReportError, type Timings, type ValueWarning } from '../protocol/report';
import { summarize } from './stats';

/** One completed round as the executor measured it (milliseconds, bytes). */
export interface RoundMeasure {
  timings: Record<(typeof PHASES)[number] | 'total', number>;
  bytes: { task: number; result: number };
}

export interface ModeRun {
  mode: PicklerMode;
  /** Measured rounds, in order; warm-up rounds are not among them. */
  measured: RoundMeasure[];
  /** The first round the mode ran, whether it started a worker. */
  cold?: { total: number; poolStarted: boolean };
  warnings: ValueWarning[];
  resultPreview?: string;
  error?: ReportError;
}

/** Reduces a mode's rounds to the report row: median/min/max per phase, the last payload sizes, one warning per path. */
export function buildModeResult(run: ModeRun): ModeResult {
  const result: ModeResult = {
    mode: run.mode,
    status: run.error ? 'error' : 'ok',
    rounds: run.measured.length,
    warnings: dedupeWarnings(run.warnings),
  };
  if (run.measured.length > 0) {
    result.timings = summarizeTimings(run.measured);
    result.bytes = { ...run.measured[run.measured.length - 1].bytes };
  }
  if (run.cold) result.cold = { ...run.cold };
  if (run.resultPreview !== undefined && !run.error) result.resultPreview = run.resultPreview;
  if (run.error) result.error = run.error;
  return result;
}

export function summarizeTimings(rounds: readonly RoundMeasure[]): Timings {
  const keys = [...PHASES, 'total'] as const;
  return Object.fromEntries(keys.map((key) => [key, summarize(rounds.map((r) => r.timings[key]))])) as Timings;
}

export function dedupeWarnings(warnings: readonly ValueWarning[]): ValueWarning[] {
  const byPath = new Map<string, ValueWarning>();
  for (const warning of warnings) if (!byPath.has(warning.path)) byPath.set(warning.path, { ...warning });
  return [...byPath.values()];
}

/** Sum of the phase medians; the report promises it is within 10 % of the median total. */
export function phaseSum(timings: Timings): number {
  return PHASES.reduce((sum, phase) => sum + timings[phase].median, 0);
}
