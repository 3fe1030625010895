/** How a send site's figures read, the same in the lens, the hover and the Traffic view. */
import { formatBytes } from '../units';
import type { TraceFinding, TraceReport, TraceSite } from './trace-report';

export { formatBytes };

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${(ms * 1000).toFixed(0)} µs`;
}

const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

export function failureCount(site: TraceSite): number {
  return site.failures.reduce((sum, f) => sum + f.count, 0);
}

/** `412 messages · 38 MiB · 1.2 s serializing · 2 findings · 3 failures`. */
export function siteSummary(site: TraceSite): string {
  const failures = failureCount(site);
  if (site.messages === 0 && failures > 0) {
    const [first] = site.failures;
    return `${plural(failures, 'failure')}, nothing sent · ${first.kind} at ${first.path || 'the whole message'}`;
  }
  const parts = [
    plural(site.messages, 'message'),
    formatBytes(site.bytes.total),
    `${formatDuration(site.serializeMs)} serializing`,
  ];
  if (site.findings.length > 0) parts.push(plural(site.findings.length, 'finding'));
  if (failures > 0) parts.push(plural(failures, 'failure'));
  return parts.join(' · ');
}

/** `protocol 5, 2 buffers out of band (781 KiB)`, or '' when the recorder does not tell (Node). */
export function pickleNote(site: TraceSite): string {
  const parts = typeof site.protocol === 'number' ? [`protocol ${site.protocol}`] : [];
  const oob = site.outOfBand;
  if (oob && oob.buffers > 0) parts.push(`${plural(oob.buffers, 'buffer')} out of band (${formatBytes(oob.bytes)})`);
  return parts.join(', ');
}

/** What sends: `piscina pool.run → Worker.postMessage (structured-clone)`; a Python site adds its pickle facts. */
export function siteChannel(site: TraceSite): string {
  const library = site.library ? `${site.library}${site.api ? ` ${site.api}` : ''} → ` : '';
  const direction = site.direction === 'result' ? ' · results' : '';
  const how = [site.serialization, pickleNote(site)].filter(Boolean).join(', ');
  return `${library}${site.channel}${how ? ` (${how})` : ''}${direction}`;
}

/** The finding that costs the most, for the hover. */
export function topFinding(site: TraceSite): TraceFinding | undefined {
  return [...site.findings].sort((a, b) => b.bytes * b.count - a.bytes * a.count)[0];
}

export function reportTitle(report: TraceReport): string {
  return report.command.join(' ') || 'recording';
}

export function pathLabel(path: string | null): string {
  return path === null || path === '' ? 'the whole message' : `\`${path}\``;
}

/** `5 send sites · 91 messages (91 measured) · 3 processes · 4.1 s · exit code 0`. */
export function reportSummary(report: TraceReport): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  return [
    `${count(report.sites.length)} send sites`,
    `${count(report.messages)} messages (${count(report.messagesMeasured)} measured)`,
    `${report.processes} processes`,
    formatDuration(report.durationMs),
    `exit code ${report.exitCode ?? '—'}`,
  ].join(' · ');
}
