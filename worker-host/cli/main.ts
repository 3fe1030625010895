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
import { RECORD_SUBCOMMANDS, runRecordCli } from '../record/record-cli';

const EXIT_OK = 0;
const EXIT_INTERNAL = 1;
const EXIT_BAD_INPUT = 2;
const EXIT_CANCELLED = 130;

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const progress = new ProgressLine();
  const controller = new AbortController();
  // A recorded command owns the terminal: its output and signals are its own, and record writes its report after it.
  const recording = RECORD_SUBCOMMANDS.includes(argv[0] ?? '');
  // Both end the run the same way: its processes are stopped before the CLI exits (a Python run's whole group).
  if (!recording) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
  try {
    if (recording) return await runRecordCli(argv);
    const writeReport = keepStdoutForReport();
    const command = parseCliArgs(argv);
    if (command.kind === 'help') return await writeReport(`${USAGE}\n`).then(() => EXIT_OK);
    if (command.kind === 'version') return await writeReport(`${version()}\n`).then(() => EXIT_OK);
    // Loaded here, not up front: `record` runs a program and its own start adds to that program's time.
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
    const detail = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
    if (error instanceof ProfileInputError) {
      return await write(process.stderr, `serial-profile: ${oneLine(error.message)}${detail}\n`, EXIT_BAD_INPUT);
    }
    if (controller.signal.aborted) return await write(process.stderr, 'serial-profile: cancelled\n', EXIT_CANCELLED);
    const message = error instanceof Error ? error.message : String(error);
    const next = debug ? detail : ' (run again with --debug for the stack trace)';
    return await write(process.stderr, `serial-profile: internal error: ${oneLine(message)}${next}\n`, EXIT_INTERNAL);
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

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function write(stream: NodeJS.WriteStream, text: string, code: number): Promise<number> {
  return new Promise((resolve) => stream.write(text, () => resolve(code)));
}

// Exit explicitly once the output is flushed: a worker pool that is still winding down must not keep the CLI alive.
void main(process.argv.slice(2)).then((code) => process.exit(code));
