/** Text for reports, shared by the panel, the verdict lens and the Markdown export (no `vscode`, no DOM). */
import type { ErrorKind, ModeResult, Phase, ProfileReport } from '../worker-host/protocol/report';
import { PHASES } from '../worker-host/protocol/report';

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

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
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

/** One mode in a few words: `by-value 12 ms` or `by-reference ✗ un-serialize`. */
export function modeVerdict(result: ModeResult): string {
  if (result.status === 'error') return `${result.mode} ✗ ${result.error ? shortKind(result.error.kind) : 'failed'}`;
  return `${result.mode} ${result.timings ? formatMs(result.timings.total.median) : 'ok'}`;
}

/** The verdict lens: `by-value 12 ms · by-reference ✗ un-serialize · json 410 ms`. */
export function verdict(report: ProfileReport): string {
  return report.results.map(modeVerdict).join(' · ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A report as Markdown: a heading, the table of modes, then each failure with its location. */
export function reportMarkdown(report: ProfileReport, displayName = report.function): string {
  const fastest = fastestMode(report);
  const lines = [
    `### \`${displayName}(${report.argsExpression})\``,
    '',
    `${report.file} · ${report.backend} backend · ${report.repeat} rounds after ${report.warmup} warm-up · ${report.startedAt}`,
    '',
    `| mode | status | ${PHASES.map((p) => PHASE_LABELS[p]).join(' | ')} | total | task bytes | result bytes |`,
    `|---|---|${PHASES.map(() => '---:').join('|')}|---:|---:|---:|`,
  ];
  for (const r of report.results) {
    const status = r.status === 'ok' ? (r.mode === fastest ? 'ok (fastest)' : 'ok') : `✗ ${r.error?.kind ?? 'error'}`;
    const phases = PHASES.map((p) => (r.timings ? formatMs(r.timings[p].median) : '–'));
    const total = r.timings ? formatMs(r.timings.total.median) : '–';
    const bytes = r.bytes ? [formatBytes(r.bytes.task), formatBytes(r.bytes.result)] : ['–', '–'];
    lines.push(`| ${escapeCell(r.mode)} | ${status} | ${phases.join(' | ')} | ${total} | ${bytes.join(' | ')} |`);
  }
  const failures = report.results.filter((r) => r.status === 'error' && r.error);
  if (failures.length > 0) lines.push('', '**Failures**', '');
  for (const r of failures) {
    const e = r.error!;
    const where = e.location ? ` at ${e.location.file}:${e.location.line}:${e.location.column}` : '';
    const path = e.path ? ` (value \`${e.path}\`)` : '';
    lines.push(`- **${r.mode}** — \`${e.kind}\`${path}${where}: ${escapeCell(e.message)}${e.hint ? ` _Hint: ${escapeCell(e.hint)}_` : ''}`);
  }
  const warnings = report.results.flatMap((r) => r.warnings.map((w) => `- **${r.mode}** \`${w.path}\`: ${escapeCell(w.message)}`));
  if (warnings.length > 0) lines.push('', '**Warnings**', '', ...warnings);
  return lines.join('\n') + '\n';
}
