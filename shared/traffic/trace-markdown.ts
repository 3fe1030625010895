/** A recording as Markdown: the sites table, then failures and findings with their fixes. */
import {
  failureCount,
  formatBytes,
  formatDuration,
  pathLabel,
  reportSummary,
  reportTitle,
  siteChannel,
} from './site-text';
import type { TraceReport, TraceSite } from './trace-report';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function relativeTo(roots: readonly string[], file: string): string {
  const root = roots.find((r) => file.startsWith(`${r}/`));
  return root ? file.slice(root.length + 1) : file;
}

function where(site: TraceSite, roots: readonly string[]): string {
  return `${relativeTo(roots, site.file)}:${site.line}`;
}

export function traceMarkdown(report: TraceReport, roots: readonly string[] = []): string {
  const lines = [`# Serialization traffic: \`${reportTitle(report)}\``, '', reportSummary(report), ''];
  if (report.sites.length === 0) return [...lines, 'No worker traffic was recorded.', ''].join('\n');
  lines.push(
    '| site | channel | messages | bytes | p95 | serialize | deserialize | failures | findings |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  const sites = [...report.sites].sort((a, b) => b.serializeMs - a.serializeMs);
  for (const s of sites) {
    lines.push(
      `| ${[
        cell(where(s, roots)),
        cell(siteChannel(s)),
        s.messages,
        formatBytes(s.bytes.total),
        formatBytes(s.bytes.p95),
        formatDuration(s.serializeMs),
        s.deserializeMs === null ? '—' : formatDuration(s.deserializeMs),
        failureCount(s),
        s.findings.length,
      ].join(' | ')} |`,
    );
  }
  for (const s of sites) {
    if (s.failures.length === 0 && s.findings.length === 0) continue;
    lines.push('', `## ${where(s, roots)} · ${siteChannel(s)}`, '');
    for (const f of s.failures)
      lines.push(
        `- **${f.kind}** ×${f.count} at ${pathLabel(f.path)}: ${f.message}` +
          (f.location ? ` (defined at ${relativeTo(roots, f.location.file)}:${f.location.line})` : ''),
      );
    for (const f of s.findings)
      lines.push(`- **${f.kind}** at ${pathLabel(f.path)}: ${f.message}`, `  - Fix: ${f.fix}`);
  }
  return `${lines.join('\n')}\n`;
}
