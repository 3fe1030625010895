/**
 * `serial-profile <file>#<function> [options]`: profiles a function from the command line.
 * Exit codes: 0 profiling ran (a failing mode is a result), 2 bad input, 1 internal error, 130 interrupted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths';
import { ProfileInputError } from '../protocol/input-problem';
import type { ProfileReport } from '../protocol/report';
import { parseCliArgs, USAGE, type OutputFormat } from './args';
import { formatMarkdown } from './format-markdown';
import { formatTable } from './format-table';
import { ProgressLine } from './progress';
import { keepStdoutForReport } from './user-output';
import { EXIT_CANCELLED, EXIT_OK, reportError, write } from './cli-errors';

/** Profiles the function `argv` names; resolves with the exit code. */
export async function runProfileCli(argv: string[]): Promise<number> {
  const progress = new ProgressLine();
  const controller = new AbortController();
  // Both end the run the same way: its processes are stopped before the CLI exits (a Python run's whole group).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
  try {
    const writeReport = keepStdoutForReport();
    const command = parseCliArgs(argv);
    if (command.kind === 'help') return await writeReport(`${USAGE}\n`).then(() => EXIT_OK);
    if (command.kind === 'version') return await writeReport(`${version()}\n`).then(() => EXIT_OK);
    const { profile } = await import('../profiler/profile');
    const report = await profile(command.request, {
      signal: controller.signal,
      onProgress: (p) => progress.update(p),
    });
    progress.clear();
    await writeReport(render(report, command.format));
    return EXIT_OK;
  } catch (error) {
    progress.clear();
    if (controller.signal.aborted && !(error instanceof ProfileInputError)) {
      return await write(process.stderr, 'serial-profile: cancelled\n', EXIT_CANCELLED);
    }
    return await reportError(error, argv.includes('--debug'));
  }
}

function render(report: ProfileReport, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'markdown') return formatMarkdown(report);
  return formatTable(report);
}

function version(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return `serial-profile ${manifest.version} (node ${process.version})`;
}
