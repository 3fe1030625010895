/**
 * `serial-profile record -- <command>` and `serial-profile compare a.json b.json`.
 * record's exit code is the command's; 2 for a command that cannot run or an unwritable --out.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ProfileInputError } from '../protocol/input-problem';
import { parseRecordArgs, RECORD_USAGE, type RecordFormat } from './record-args';
import type { RecordReport } from './report-types';
import { recordingEnvironment } from './recording-env';
import { runRecorded } from './run-recorded';

/** Runs `record` or `compare`; resolves with the exit code. Bad input throws ProfileInputError. */
export async function runRecordCli(argv: readonly string[]): Promise<number> {
  const command = parseRecordArgs(argv);
  if (command.kind === 'record-help') return write(process.stdout, `${RECORD_USAGE}\n`, 0);
  if (command.kind === 'compare') {
    const { compareReports, formatComparison } = await import('./compare');
    const comparison = compareReports(readReport(command.before), readReport(command.after));
    return write(process.stdout, formatComparison(comparison, command.format), 0);
  }
  const out = command.out === null ? null : resolve(command.out);
  if (out !== null) checkWritable(out);
  const traceDir = mkdtempSync(join(tmpdir(), 'serial-profile-trace-'));
  try {
    const env = recordingEnvironment({ traceDir, sample: command.sample, command: command.command });
    // Under --json and --markdown stdout carries the report alone, so the command's own stdout goes to stderr.
    const exit = await runRecorded(command.command, env, { stdoutToStderr: command.format !== 'table' });
    // The report's code loads while nothing waits for it: after the command has ended.
    const [{ buildReport }, { readTrace }] = await Promise.all([import('./report-builder'), import('./trace-reader')]);
    const report = buildReport(readTrace(traceDir), { command: command.command, ...exit });
    if (out !== null) writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    await write(process.stdout, await render(report, command.format), 0);
    return exit.exitCode;
  } finally {
    rmSync(traceDir, { recursive: true, force: true });
  }
}

async function render(report: RecordReport, format: RecordFormat): Promise<string> {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'markdown') return (await import('./format-record-markdown')).formatRecordMarkdown(report);
  return (await import('./format-record-table')).formatRecordTable(report);
}

/** Fails before the run, not after it: an --out that cannot be written is bad input. */
function checkWritable(path: string): void {
  const existed = existsSync(path);
  try {
    closeSync(openSync(path, 'a'));
    if (!existed) unlinkSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ProfileInputError({
      code: 'bad-option',
      message: `cannot write --out ${path} (${reason}); choose a file in a writable folder`,
    });
  }
}

function readReport(path: string): RecordReport {
  let report: RecordReport;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as RecordReport;
  } catch (error) {
    throw new ProfileInputError({
      code: 'bad-option',
      message:
        `cannot read the report ${path}: ${(error as Error).message.split('\n')[0]}; give files written ` +
        `by serial-profile record --out`,
    });
  }
  if (report?.version !== 1 || !Array.isArray(report.sites)) {
    throw new ProfileInputError({
      code: 'bad-option',
      message:
        `${path} is not a report of serial-profile record (no version 1 and sites); give files written ` +
        `by record --out`,
    });
  }
  return report;
}

function write(stream: NodeJS.WriteStream, text: string, code: number): Promise<number> {
  return new Promise((done) => stream.write(text, () => done(code)));
}
