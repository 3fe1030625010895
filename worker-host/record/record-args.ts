import { ProfileInputError } from '../protocol/input-problem';

export const RECORD_SUBCOMMANDS = ['record', 'compare'];

export type RecordFormat = 'table' | 'json' | 'markdown';

export type RecordCommand =
  | { kind: 'record-help' }
  | { kind: 'record'; command: string[]; format: RecordFormat; out: string | null; sample: string | null }
  | { kind: 'compare'; before: string; after: string; format: RecordFormat };

export const RECORD_USAGE =
  'Usage: serial-profile record [--json | --markdown] [--out trace.json] [--sample N|all] -- <command> [args...]\n' +
  `       serial-profile compare <before.json> <after.json> [--json | --markdown]

record runs <command> with a recorder in every Node process and worker thread it starts, and reports every line
of your code that sends values to a worker or process: messages, bytes, serialize and deserialize time, failures
with the path of the value that failed, and findings with their fix.

Options:
  --json          print the report as JSON on stdout; the command's own stdout goes to stderr, unchanged
  --markdown      print the report as Markdown on stdout; the command's own stdout goes to stderr, unchanged
  --out FILE      also write the JSON report to FILE (for compare, and the editor)
  --sample N|all  measure the first N messages of each site in full, then ever fewer (default 16 in Node,
                  50 in Python); all: every one

Without --json and --markdown the command's stdout and stderr pass through and the table follows them on
stdout. The exit code is the command's; 2 when the command cannot be run or FILE cannot be written.`;

/** `record …` and `compare …` (argv without the subcommand's own name is not expected: argv[0] is it). */
export function parseRecordArgs(argv: readonly string[]): RecordCommand {
  const [subcommand, ...rest] = argv;
  const separator = rest.indexOf('--');
  const options = separator < 0 ? rest : rest.slice(0, separator);
  const positionals: string[] = [];
  let format: RecordFormat = 'table';
  let out: string | null = null;
  let sample: string | null = null;
  for (let index = 0; index < options.length; index++) {
    const option = options[index]!;
    if (option === '-h' || option === '--help') return { kind: 'record-help' };
    if (option === '--json' || option === '--markdown') {
      const chosen = option === '--json' ? 'json' : 'markdown';
      if (format !== 'table' && format !== chosen) throw bad('Choose one of --json and --markdown.');
      format = chosen;
    } else if (option === '--out' || option === '--sample') {
      const value = options[++index];
      if (value === undefined || value.startsWith('--')) throw bad(`${option} needs a value.`);
      if (option === '--out') out = value;
      else sample = checkedSample(value);
    } else if (option.startsWith('--out=')) out = option.slice('--out='.length);
    else if (option.startsWith('--sample=')) sample = checkedSample(option.slice('--sample='.length));
    else if (option.startsWith('-'))
      throw bad(`Unknown option ${option} for ${subcommand}. Run serial-profile ${subcommand} --help for usage.`);
    else if (subcommand === 'record' && separator < 0) {
      // Without `--`, the command starts at the first word that is not an option.
      return { kind: 'record', command: options.slice(index), format, out, sample };
    } else positionals.push(option);
  }
  if (subcommand === 'compare') {
    if (positionals.length !== 2) throw bad('compare takes two reports: serial-profile compare before.json after.json');
    return { kind: 'compare', before: positionals[0]!, after: positionals[1]!, format };
  }
  const command = separator < 0 ? [] : rest.slice(separator + 1);
  if (command.length === 0) throw bad('Missing the command to record: serial-profile record -- node app.js');
  return { kind: 'record', command, format, out, sample };
}

function checkedSample(value: string): string {
  if (value === 'all' || /^\d+$/.test(value)) return value;
  throw bad(`--sample takes a number of messages or "all", not "${value}".`);
}

function bad(message: string): ProfileInputError {
  return new ProfileInputError({ code: 'bad-option', message });
}
