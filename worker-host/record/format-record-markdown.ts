import { formatBytes } from '../cli/units';
import { shownPath } from '../cli/shown-path';
import { emptyNote, headline, notes, siteColumns, siteName } from './report-columns';
import type { RecordReport } from './report-types';

export function formatRecordMarkdown(report: RecordReport, cwd = process.cwd()): string {
  const lines = [`**${headline(report)}**`, ''];
  if (report.sites.length === 0) return `${lines.concat(emptyNote(report)).join('\n')}\n`;
  const columns = siteColumns(cwd, report.sites);
  lines.push(`| ${columns.map((c) => c.header).join(' | ')} |`);
  lines.push(`|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`);
  for (const site of report.sites) lines.push(`| ${columns.map((c) => escape(c.cell(site))).join(' | ')} |`);
  for (const site of report.sites) {
    if (site.failures.length === 0 && site.findings.length === 0) continue;
    lines.push('', `### \`${siteName(site, cwd)}\` (${site.api ?? site.channel}, ${site.direction})`, '');
    for (const failure of site.failures) {
      const at = failure.location
        ? ` — defined at ` +
          `\`${shownPath(failure.location.file, cwd)}:${failure.location.line}:${failure.location.column}\``
        : '';
      lines.push(
        `- ✗ **${failure.kind}** ` +
          `×${failure.count}${failure.path !== null ? ` at \`${failure.path || '(the value itself)'}\`` : ''}: ` +
          `${escape(failure.message)}${at}`,
      );
    }
    for (const finding of site.findings) {
      const figure = [finding.bytes > 0 ? formatBytes(finding.bytes) : '', `×${finding.count}`]
        .filter(Boolean)
        .join(' ');
      lines.push(
        `- ⚠ **${finding.kind}** at \`${finding.path || '(the value itself)'}\` (${figure}): ` +
          `${escape(finding.message)}. Fix: ${escape(finding.fix)}`,
      );
    }
  }
  lines.push('', ...notes(report.sites).map((note) => `_${note}_`));
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}
