import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPythonFile } from '../profiler/python-file';
import { ProfileInputError } from '../protocol/input-problem';
import { PICKLER_MODES, type ProfileRequest } from '../protocol/report';

export type OutputFormat = 'table' | 'json' | 'markdown';

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'profile'; request: ProfileRequest; format: OutputFormat; debug: boolean };

export const PYTHON_DEFAULT_MODES = ['cloudpickle', 'pickle', 'wrapped'];

export const USAGE = `Usage: serial-profile <file>[#<function>] [options]

Profiles what it costs to send <function> and its arguments to a worker under each serialization mode.
<function> is an export (default: the default export, as piscina's name), a module-level function or Class.method.

Options:
  --args "<expr>"        argument list evaluated in the module's scope, e.g. "21, largeList" (default: none)
  --modes a,b,...        modes to profile (default: ${PICKLER_MODES.join(',')};
                         Python files: ${PYTHON_DEFAULT_MODES.join(',')})
  --repeat N             measured rounds per mode (default 5)
  --warmup N             warm-up rounds per mode (default 1)
  --backend B            process | thread (default process)
  --timeout MS           per-task timeout in milliseconds (default 30000)
  --workers N            workers in the pool (default 1)
  --python PATH          Python interpreter for .py files (default: the first python3 that imports loky or joblib)
  --python-context C     auto | script | module: run a .py file as __main__ or import it by name (default auto)
  --dask-scheduler ADDR  Python's dask mode runs on this scheduler (tcp://host:8786) instead of a LocalCluster
  --json                 print the report as JSON, nothing else
  --markdown             print a Markdown table
  --debug                print stack traces for bad input
  -h, --help             show this help
  -v, --version          show the version

Exit codes: 0 profiling ran (failing modes are results), 2 bad input, 1 internal error, 130 interrupted.`;

/** Turns argv (without node and the script) into a command; bad usage throws ProfileInputError('bad-option'). */
export function parseCliArgs(argv: readonly string[], cwd = process.cwd()): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        args: { type: 'string' },
        modes: { type: 'string' },
        repeat: { type: 'string' },
        warmup: { type: 'string' },
        backend: { type: 'string' },
        timeout: { type: 'string' },
        workers: { type: 'string' },
        python: { type: 'string' },
        'python-context': { type: 'string' },
        'dask-scheduler': { type: 'string' },
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw badOption(`${(error as Error).message}. Run serial-profile --help for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (positionals.length !== 1) {
    throw badOption(
      positionals.length === 0
        ? 'Missing <file>#<function>. Run serial-profile --help for usage.'
        : `Expected one <file>#<function>, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  if (values.json && values.markdown) throw badOption('Choose one of --json and --markdown.');
  const { file, functionName } = splitTarget(positionals[0], cwd);
  const backend = values.backend ?? 'process';
  if (backend !== 'process' && backend !== 'thread') {
    throw badOption(`--backend must be 'process' or 'thread', not '${backend}'.`);
  }
  if (backend === 'thread' && isPythonFile(file)) {
    throw badOption(
      `--backend thread: ${file} is Python, which runs in loky's worker processes only; leave --backend out ` +
        `(the Python modes are ${PYTHON_DEFAULT_MODES.join(', ')}).`,
    );
  }
  const request: ProfileRequest = {
    file,
    functionName,
    argsExpression: values.args ?? '',
    modes: parseModes(values.modes, file),
    repeat: parseCount('--repeat', values.repeat, 5, 1),
    warmup: parseCount('--warmup', values.warmup, 1, 0),
    backend,
    timeoutMs: parseCount('--timeout', values.timeout, 30_000, 1),
    maxWorkers: parseCount('--workers', values.workers, 1, 1),
  };
  if (values.python !== undefined) request.pythonPath = values.python;
  if (values['dask-scheduler'] !== undefined) request.daskScheduler = values['dask-scheduler'];
  const pythonContext = values['python-context'];
  if (pythonContext !== undefined) {
    if (pythonContext !== 'auto' && pythonContext !== 'script' && pythonContext !== 'module') {
      throw badOption(`--python-context must be 'auto', 'script' or 'module', not '${pythonContext}'.`);
    }
    request.pythonContext = pythonContext;
  }
  const format: OutputFormat = values.json ? 'json' : values.markdown ? 'markdown' : 'table';
  return { kind: 'profile', request, format, debug: values.debug ?? false };
}

function splitTarget(target: string, cwd: string): { file: string; functionName: string } {
  const hash = target.lastIndexOf('#');
  // A file alone names its default export, as piscina's `name` defaults to 'default'.
  const file = hash > 0 ? target.slice(0, hash) : hash < 0 ? target : '';
  const functionName = hash > 0 ? target.slice(hash + 1).trim() : hash < 0 ? 'default' : '';
  if (!file || !functionName) {
    throw badOption(`Expected <file>#<function> (e.g. examples/seed-scenario.mjs#funcAsync), got '${target}'.`);
  }
  return { file: resolve(cwd, file), functionName };
}

function parseModes(text: string | undefined, file: string): string[] {
  if (text === undefined) return isPythonFile(file) ? [...PYTHON_DEFAULT_MODES] : [...PICKLER_MODES];
  const modes = [
    ...new Set(
      text
        .split(',')
        .map((mode) => mode.trim())
        .filter(Boolean),
    ),
  ];
  if (modes.length === 0) throw badOption('--modes needs at least one mode, e.g. --modes by-value,by-reference.');
  return modes;
}

function parseCount(flag: string, text: string | undefined, fallback: number, minimum: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw badOption(`${flag} must be an integer ≥ ${minimum}, not '${text}'.`);
  }
  return value;
}

function badOption(message: string): ProfileInputError {
  return new ProfileInputError({ code: 'bad-option', message });
}
