/** Text for reports, shared by the panel, the verdict lens and the Markdown export (no `vscode`, no DOM). */
import type { ErrorKind, ModeResult, Phase, ProfileReport } from './report';
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


/** The ok mode with the lowest median total, if any mode succeeded. */
export function fastestMode(report: ProfileReport): string | undefined {
  let best: ModeResult | undefined;
  for (const result of report.results) {
    if (result.status !== 'ok' || !result.timings) continue;
    if (!best?.timings || result.timings.total.median < best.timings.total.median) best = result;
  }
  return best?.mode;
}

/** A failed mode's badge text: `✗ un-serialize`. */
export function failureBadge(result: ModeResult): string {
  return `✗ ${result.error ? shortKind(result.error.kind) : 'failed'}`;
}

/** One mode in a few words: `by-value 12 ms` or `by-reference ✗ un-serialize`. */
export function modeVerdict(result: ModeResult): string {
  if (result.status === 'error') return `${result.mode} ${failureBadge(result)}`;
  return `${result.mode} ${result.timings ? formatMs(result.timings.total.median) : 'ok'}`;
}

/** The verdict lens: `by-value 12 ms · by-reference ✗ un-serialize · json 410 ms`. */
export function verdict(report: ProfileReport): string {
  return report.results.map(modeVerdict).join(' · ');
}


