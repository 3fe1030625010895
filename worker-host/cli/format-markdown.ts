import type { ProfileReport } from '../protocol/report';
import { COLUMNS } from './columns';
import { describeFailures } from './failures';
import { functionAsStringLine } from './function-as-string';
import { headline } from './headline';

/** A table ready to paste into an issue or pull request, failures below it in a code block. */
export function formatMarkdown(report: ProfileReport, cwd = process.cwd()): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const lines = [
    `**${escape(headline(report, cwd))}**`,
    '',
    `| ${COLUMNS.map((c) => c.header).join(' | ')} |`,
    `|${COLUMNS.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`,
    ...report.results.map((r) => `| ${COLUMNS.map((c) => escape(c.cell(r))).join(' | ')} |`),
  ];
  const asString = functionAsStringLine(report, cwd);
  if (asString) lines.push('', asString);
  const failures = describeFailures(report, cwd);
  if (failures.length > 0) lines.push('', '```text', failures.join('\n\n'), '```');
  return `${lines.join('\n')}\n`;
}
