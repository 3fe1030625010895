/** Text for reports, shared by the panel, the verdict lens and the Markdown export (no `vscode`, no DOM). */
import { PHASES, type ErrorKind, type ModeResult, type Phase, type ProfileReport, type ReportError } from './report';
import { formatBytes } from './units';
export { formatBytes } from './units';

export const PHASE_LABELS: Record<Phase, string> = {
  serialize: 'serialize',
  transfer: 'transfer',
  deserialize: 'deserialize',
  run: 'run',
  resultSerialize: 'result serialize',
  resultTransfer: 'result transfer',
  resultDeserialize: 'result deserialize',
};

const SHORT_KINDS: Record<ErrorKind, string> = {
  'task-serialize': 'serialize',
  'task-deserialize': 'un-serialize',
  run: 'threw',
  'result-serialize': 'result serialize',
  'result-deserialize': 'result un-serialize',
  'worker-terminated': 'worker died',
  timeout: 'timeout',
  cancelled: 'cancelled',
  shutdown: 'shutdown',
  'missing-dependency': 'not installed',
  unreachable: 'unreachable',
};

export function shortKind(kind: ErrorKind): string {
  return SHORT_KINDS[kind] ?? kind;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(0)} µs`;
}

/** A mode that delivered a different value than was sent (a Map became `{}`): it cannot be crowned fastest. */
export function changesTheValue(result: ModeResult): boolean {
  return result.warnings.length > 0;
}

/** The mode with the lowest median total among those that succeeded and delivered the value unchanged. */
export function fastestMode(report: ProfileReport): string | undefined {
  let best: ModeResult | undefined;
  for (const result of report.results) {
    if (result.status !== 'ok' || !result.timings || changesTheValue(result)) continue;
    if (!best?.timings || result.timings.total.median < best.timings.total.median) best = result;
  }
  return best?.mode;
}

/** What a failed mode spent before it broke, phase by phase, then the task's size: `serialize 35 ms · task 6.5 MiB`. */
export function costBeforeFailing(result: ModeResult): string | undefined {
  const failed = result.failedRound;
  if (!failed) return undefined;
  const parts = PHASES.filter((phase) => failed.timings[phase] !== undefined).map(
    (phase) => `${PHASE_LABELS[phase]} ${formatMs(failed.timings[phase]!)}`,
  );
  if (failed.bytes.task !== undefined) parts.push(`task ${formatBytes(failed.bytes.task)}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** The time a failed mode spent before it broke. */
export function msBeforeFailing(result: ModeResult): number | undefined {
  const timings = result.failedRound?.timings;
  if (!timings) return undefined;
  const spent = PHASES.reduce((sum, phase) => sum + (timings[phase] ?? 0), 0);
  return spent > 0 ? spent : undefined;
}

/** The hint to show in the editor: a timeout names the setting that raises it; other hints are the report's. */
export function editorHint(
  error: ReportError,
  report: Pick<ProfileReport, 'timeoutMs' | 'function'>,
): string | undefined {
  if (error.kind !== 'timeout') return error.hint;
  const now = report.timeoutMs === undefined ? '' : ` (this run: ${report.timeoutMs} ms)`;
  return (
    `Raise the \`serializationProfiler.timeoutMs\` setting${now} if \`${report.function}\` is slow, ` +
    'or look for an endless loop.'
  );
}

/** A failed mode's badge text: `✗ un-serialize`. */
export function failureBadge(result: ModeResult): string {
  return `✗ ${result.error ? shortKind(result.error.kind) : 'failed'}`;
}

/** One mode in a few words: `by-value 12 ms` or `by-reference ✗ un-serialize`. */
export function modeVerdict(result: ModeResult): string {
  if (result.status === 'error') return `${result.mode} ${failureBadge(result)}`;
  const lossy = changesTheValue(result) ? ' ⚠ changes value' : '';
  return `${result.mode} ${result.timings ? formatMs(result.timings.total.median) : 'ok'}${lossy}`;
}

/** The verdict lens: `by-value 12 ms · by-reference ✗ un-serialize · json 410 ms`. */
export function verdict(report: ProfileReport): string {
  return report.results.map(modeVerdict).join(' · ');
}
