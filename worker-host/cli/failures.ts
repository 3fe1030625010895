import { poolNote, relativePaths } from '../../shared/failure-text';
import { PHASES, type ModeResult, type ProfileReport, type SourceLocation } from '../protocol/report';
import { shownPath } from './shown-path';
import { formatBytes, formatMs } from './units';
import { describeWarningGroup, groupWarnings } from './warning-groups';

/** Each failing mode as a few indented lines: kind, message, path, file:line:column, hint, a broken pool. */
export function describeFailures(report: ProfileReport, cwd = process.cwd()): string[] {
  const blocks: string[] = [];
  for (const result of report.results) {
    const lines = describeFailure(result, cwd);
    if (lines.length > 0) blocks.push(lines.join('\n'));
  }
  return blocks;
}

function describeFailure(result: ModeResult, cwd: string): string[] {
  const lines: string[] = [];
  const { error } = result;
  if (error) {
    lines.push(`${result.mode}: ${error.kind}: ${indentContinuation(relativePaths(error.summary, [cwd]))}`);
    if (error.path) lines.push(`  path: ${error.path}`);
    if (error.location) lines.push(`  at:   ${formatLocation(error.location, cwd)}`);
    if (error.hint) lines.push(`  hint: ${error.hint}`);
    const pool = poolNote(error);
    if (pool) lines.push(`  pool: ${pool}`);
    const before = measuredBeforeFailing(result);
    if (before) lines.push(`  before failing: ${before}`);
  }
  for (const group of groupWarnings(result.warnings)) {
    if (lines.length === 0) lines.push(`${result.mode}: warnings`);
    lines.push(`  warning: ${describeWarningGroup(group)}`);
  }
  return lines;
}

/** `serialize 11.1 ms · transfer 13.5 ms · task 3.82 MiB`: what the failed round cost before it broke. */
function measuredBeforeFailing(result: ModeResult): string | undefined {
  const round = result.failedRound;
  if (!round) return undefined;
  const parts = PHASES.filter((phase) => round.timings[phase] !== undefined).map(
    (phase) => `${phase} ${formatMs(round.timings[phase])} ms`,
  );
  if (round.bytes.task !== undefined) parts.push(`task ${formatBytes(round.bytes.task)}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

export function formatLocation(location: SourceLocation, cwd = process.cwd()): string {
  const file = location.file.startsWith('file://') ? new URL(location.file).pathname : location.file;
  return `${shownPath(file, cwd)}:${location.line}:${location.column}`;
}

function indentContinuation(text: string): string {
  return text.trimEnd().replace(/\n/g, '\n    ');
}
