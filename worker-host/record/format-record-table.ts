import { formatBytes } from '../cli/units';
import { shownPath } from '../cli/shown-path';
import { emptyNote, headline, notes, siteColumns, siteName } from './report-columns';
import type { RecordReport } from './report-types';

/** The report as a terminal table, then each site's failures and findings with their fixes. */
export function formatRecordTable(report: RecordReport, cwd = process.cwd()): string {
  const lines = [headline(report), ''];
  if (report.sites.length === 0) return `${lines.concat(emptyNote(report)).join('\n')}\n`;
  const columns = siteColumns(cwd, report.sites);
  const cells = [columns.map((c) => c.header), ...report.sites.map((site) => columns.map((c) => c.cell(site)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => [...row[i]!].length)));
  for (const row of cells) {
    lines.push(
      row
        .map((cell, i) => (columns[i]!.align === 'left' ? pad(cell, widths[i]!) : pad(cell, widths[i]!, true)))
        .join('  ')
        .trimEnd(),
    );
  }
  for (const site of report.sites) {
    if (site.failures.length === 0 && site.findings.length === 0) continue;
    lines.push('', `${siteName(site, cwd)} (${[site.api ?? site.channel, site.direction].join(', ')}):`);
    for (const failure of site.failures) {
      lines.push(
        `  ✗ ${failure.kind} ` +
          `×${failure.count}${failure.path !== null ? ` at ${failure.path || '(the value itself)'}` : ''}: ` +
          failure.message,
      );
      if (failure.location)
        lines.push(
          `    defined at ${shownPath(failure.location.file, cwd)}:${failure.location.line}:${failure.location.column}`,
        );
    }
    for (const finding of site.findings) {
      const figure = [finding.bytes > 0 ? formatBytes(finding.bytes) : '', `×${finding.count}`]
        .filter(Boolean)
        .join(' ');
      lines.push(`  ⚠ ${finding.kind} at ${finding.path || '(the value itself)'} (${figure}): ${finding.message}`);
      lines.push(`    fix: ${finding.fix}`);
    }
  }
  lines.push('', ...notes(report.sites));
  return `${lines.join('\n')}\n`;
}

function pad(text: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - [...text].length));
  return right ? fill + text : text + fill;
}
