/**
 * `serial-profile`: profiles a function (`<file>#<function>`), or records a program (`record`, `compare`).
 * This file is the CLI's whole start: each subcommand's code is a bundle of its own (`record-cli.js`,
 * `profile-cli.js`), loaded when chosen, so `record` starts the recorded program before anything else loads.
 */
import { join } from 'node:path';
import { RECORD_SUBCOMMANDS } from '../record/record-args';
import { exitWhenStdoutCloses } from './broken-pipe';

/** What each subcommand's bundle exports. */
export type SubcommandMain = (argv: string[]) => Promise<number>;

function subcommand(argv: string[]): SubcommandMain {
  const bundle = RECORD_SUBCOMMANDS.includes(argv[0] ?? '') ? 'record-cli.js' : 'profile-cli.js';
  // A bundle beside this one, by path: the bundler leaves it out of this file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(__dirname, bundle)) as { main: SubcommandMain }).main;
}

exitWhenStdoutCloses();
const argv = process.argv.slice(2);
// Exit explicitly once the output is flushed: a worker pool that is still winding down must not keep the CLI alive.
void subcommand(argv)(argv).then((code) => process.exit(code));
