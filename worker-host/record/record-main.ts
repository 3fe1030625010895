/** The `record` and `compare` subcommands' bundle (`dist/record-cli.js`), loaded by the CLI's start. */
import { reportError } from '../cli/cli-errors';
import type { SubcommandMain } from '../cli/main';
import { runRecordCli } from './record-cli';

export const main: SubcommandMain = (argv) =>
  runRecordCli(argv).catch((error: unknown) => reportError(error, argv.includes('--debug')));
