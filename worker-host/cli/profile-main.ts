/** The profiling subcommand's bundle (`dist/profile-cli.js`), loaded by the CLI's start. */
import type { SubcommandMain } from './main';
import { runProfileCli } from './profile-cli';

export const main: SubcommandMain = runProfileCli;
