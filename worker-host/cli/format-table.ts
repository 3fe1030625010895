import type { ProfileReport } from '../protocol/report';
import { COLUMNS } from './columns';
import { describeFailures } from './failures';
import { headline } from './headline';
import { functionAsStringLine } from './function-as-string';
import { pickleProtocolLine } from './pickle-protocols';

/** The default output: a headline, an aligned table of phase medians, then every failure. */
export function formatTable(report: ProfileReport, cwd = process.cwd()): string {
  const rows = [COLUMNS.map((c) => c.header), ...report.results.map((r) => COLUMNS.map((c) => c.cell(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => [...row[i]].length)));
  const render = (row: string[]) =>
    row
      .map((cell, i) => (COLUMNS[i].align === 'left' ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const lines = [headline(report, cwd), '', render(rows[0]), ...rows.slice(1).map(render)];
  const protocols = pickleProtocolLine(report);
  if (protocols) lines.push('', protocols);
  const asString = functionAsStringLine(report, cwd);
  if (asString) lines.push('', asString);
  const failures = describeFailures(report, cwd);
  if (failures.length > 0) lines.push('', ...failures.flatMap((block) => [block, '']));
  return `${lines.join('\n').trimEnd()}\n`;
}
