import { relative, isAbsolute } from 'node:path';
import type { ModeResult, ProfileReport, SourceLocation } from '../protocol/report';

/** Each failing mode as a few indented lines: kind, message, path, file:line:column, hint. */
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
    lines.push(`${result.mode}: ${error.kind}: ${indentContinuation(error.message)}`);
    if (error.path) lines.push(`  path: ${error.path}`);
    if (error.location) lines.push(`  at:   ${formatLocation(error.location, cwd)}`);
    if (error.hint) lines.push(`  hint: ${error.hint}`);
  }
  for (const warning of result.warnings) {
    if (lines.length === 0) lines.push(`${result.mode}: warnings`);
    lines.push(`  warning: ${warning.path}: ${warning.message}`);
  }
  return lines;
}

export function formatLocation(location: SourceLocation, cwd = process.cwd()): string {
  const file = location.file.startsWith('file://') ? new URL(location.file).pathname : location.file;
  const shown = isAbsolute(file) && !relative(cwd, file).startsWith('..') ? relative(cwd, file) : file;
  return `${shown}:${location.line}:${location.column}`;
}

function indentContinuation(text: string): string {
  return text.trimEnd().replace(/\n/g, '\n    ');
}
