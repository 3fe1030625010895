/**
 * `serial-profile`: profiles a function (`<file>#<function>`), or records a program (`record`, `compare`).
 * Only the chosen subcommand's code is loaded: `record` starts the recorded program first, since everything
 * the CLI does before that adds to the program's time.
 */
import { RECORD_SUBCOMMANDS } from '../record/record-args';
import { exitWhenStdoutCloses } from './broken-pipe';
import { reportError } from './cli-errors';

async function main(argv: string[]): Promise<number> {
  if (RECORD_SUBCOMMANDS.includes(argv[0] ?? '')) {
    const { runRecordCli } = await import('../record/record-cli');
    return runRecordCli(argv).catch((error: unknown) => reportError(error, argv.includes('--debug')));
  }
  const { runProfileCli } = await import('./profile-cli');
  return runProfileCli(argv);
}

exitWhenStdoutCloses();
// Exit explicitly once the output is flushed: a worker pool that is still winding down must not keep the CLI alive.
void main(process.argv.slice(2)).then((code) => process.exit(code));
