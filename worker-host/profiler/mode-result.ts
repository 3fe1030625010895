import {
  PHASES,
  type ModeResult,
  type PicklerMode,
  type ReportError,
  type Timings,
  type ValueWarning,
} from '../protocol/report';

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
  failedRound?: ModeResult['failedRound'];
}

/**
 * Reduces a mode's rounds to the report row: median/min/max per phase, the last payload sizes, one warning per
 * path.
 */
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
  if (run.error && run.failedRound) result.failedRound = run.failedRound;
  return result;
}

/**
 * min and max are each phase's own extremes. The medians are those of the median round (the round whose total
 * is the median total; the mean of the middle two for an even count), not each phase's independent median: the
 * phases of one round add up to its total, so the reported medians add up to the median total, however noisy
 * the rounds, and a reader can trust the row's breakdown.
 */
export function summarizeTimings(rounds: readonly RoundMeasure[]): Timings {
  if (rounds.length === 0) throw new RangeError('summarizeTimings needs at least one round');
  const keys = [...PHASES, 'total'] as const;
  const byTotal = [...rounds].sort((a, b) => a.timings.total - b.timings.total);
  const middle = byTotal.length >> 1;
  const medianRounds = byTotal.length % 2 === 1 ? [byTotal[middle]] : [byTotal[middle - 1], byTotal[middle]];
  const timings = {} as Timings;
  for (const key of keys) {
    let min = Infinity;
    let max = -Infinity;
    for (const round of rounds) {
      const value = round.timings[key];
      if (value < min) min = value;
      if (value > max) max = value;
    }
    const median = medianRounds.reduce((sum, r) => sum + r.timings[key], 0) / medianRounds.length;
    timings[key] = { median, min, max };
  }
  return timings;
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
