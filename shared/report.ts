/**
 * The profiler's report: what the CLI prints with --json, what the worker host sends to the extension,
 * and what the results panel renders. Declared once; every side imports these types.
 */

export const PICKLER_MODES = ['by-value', 'by-reference', 'wrapped', 'json', 'structured-clone'] as const;
export type BuiltinPicklerMode = (typeof PICKLER_MODES)[number];
/** A built-in mode, a Python mode (`cloudpickle`, `pickle`, `wrapped`), or a custom pickler module name. */
export type PicklerMode = string;

export const ERROR_KINDS = [
  'task-serialize',
  'task-deserialize',
  'run',
  'result-serialize',
  'result-deserialize',
  'worker-terminated',
  'timeout',
  'cancelled',
  'shutdown',
  /** What the mode needs is not installed for the interpreter (dask.distributed for the dask mode). */
  'missing-dependency',
  /** What the mode runs on cannot be reached (the dask scheduler a run names). */
  'unreachable',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A place in the user's source, 1-based line and column as the editor shows them. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export const PHASES = [
  'serialize',
  'transfer',
  'deserialize',
  'run',
  'resultSerialize',
  'resultTransfer',
  'resultDeserialize',
] as const;
export type Phase = (typeof PHASES)[number];

/** Milliseconds over the measured rounds. */
export interface Stat {
  median: number;
  min: number;
  max: number;
}

export type Timings = Record<Phase | 'total', Stat>;

export interface ValueWarning {
  /** Where in the task or result the value sits: `args[0]`, `args[2].items[3]`, `result.cache`. */
  path: string;
  message: string;
}

export interface ReportError {
  kind: ErrorKind;
  /** The whole message, as the thrown error says it (the library's and `--json`'s text). */
  message: string;
  /**
   * The message said once and short, for views that show the other facts on lines of their own: without the
   * value's path, where it is defined, the hint, loky's generic advice, the cause's class name or a broken pool.
   */
  summary: string;
  /** The underlying error as text (with its stack, mapped to the user's source where possible). */
  cause?: string;
  /** The value that failed: `fn`, `args[1].handlers[0]`, `result.cache`. */
  path?: string;
  /** Where the function, class or value involved is defined. */
  location?: SourceLocation;
  hint?: string;
  /** The thrown error's own properties (`code`, `errno`, `status`…), each as Node prints it. */
  properties?: Record<string, string>;
  /** Paths of values this mode changed on the way (see the warnings): a change there may be why it failed. */
  changedPaths?: string[];
  /** Python: loky marked its whole pool broken after this failure (BrokenProcessPool). */
  poolBroken?: boolean;
  /** Python: what the next task paid to start new workers after the pool broke, in ms. */
  respawnMs?: number;
}

export interface ModeResult {
  mode: PicklerMode;
  status: 'ok' | 'error';
  /** Measured (warm) rounds; absent when no round completed. */
  timings?: Timings;
  bytes?: { task: number; result: number };
  /** The first round, pool start included. */
  cold?: { total: number; poolStarted: boolean };
  rounds: number;
  resultPreview?: string;
  warnings: ValueWarning[];
  error?: ReportError;
  /** Python: the pickle protocol loky's stream used, and whether buffers travelled out of band (loky: never). */
  pickle?: { protocol?: number; outOfBand: boolean };
  /**
   * The round that failed: the phases and sizes measured before it broke (e.g. serialize and transfer of a task
   * the worker could not load).
   */
  failedRound?: { timings: Partial<Record<Phase | 'total', number>>; bytes: Partial<{ task: number; result: number }> };
}

export interface ProfileReport {
  file: string;
  function: string;
  language: 'javascript' | 'python';
  argsExpression: string;
  backend: 'process' | 'thread';
  repeat: number;
  warmup: number;
  /** The per-task timeout the run used, in ms (views name the setting that raises it). */
  timeoutMs?: number;
  startedAt: string;
  results: ModeResult[];
  /** Python reports: the interpreter, loky, and how the file was loaded. */
  python?: PythonRunInfo;
  /** JavaScript reports: what workerpool's `pool.exec(fn, args)`, which sends the function as its text, would do. */
  functionAsString?: FunctionAsStringVerdict;
}

/**
 * workerpool's `pool.exec(fn, args)` sends `String(fn)` and rebuilds it with `new Function` in its worker: the
 * bindings the function reads from its module or a closure do not exist there.
 */
export interface FunctionAsStringVerdict {
  verdict: 'runs' | 'fails';
  /** What the function reads that the rebuilt text does not have (a ReferenceError when the code reads it). */
  lost: LostBinding[];
  /** What `new Function` throws on the text (a method's shorthand, a bound or built-in function). */
  syntaxError?: string;
}

export interface LostBinding {
  name: string;
  /** An import of its module (`from` names it), another module-level binding, or a variable of a closure. */
  kind: 'import' | 'module' | 'closure';
  from?: string;
  location?: SourceLocation;
}

/** How a Python profile ran. */
export interface PythonRunInfo {
  /** The interpreter's path and version. */
  executable: string;
  version: string;
  /** Where loky came from: the `loky` package or joblib's bundled copy. */
  loky: 'loky' | 'joblib.externals.loky';
  lokyVersion: string;
  /** `script`: the file ran as `__main__` (loky's workers cannot import its functions); `module`: imported by name. */
  context: 'script' | 'module';
}

export interface ProfileRequest {
  file: string;
  functionName: string;
  /** An expression list evaluated in the module's scope, e.g. `21, largeList`. Empty: no arguments. */
  argsExpression: string;
  modes: PicklerMode[];
  repeat: number;
  warmup: number;
  backend: 'process' | 'thread';
  timeoutMs: number;
  maxWorkers?: number;
  /** Python only: run the file as `__main__` (script) or import it by module name. */
  pythonContext?: 'auto' | 'script' | 'module';
  pythonPath?: string;
  /** Python's `dask` mode: the scheduler to run on (`tcp://host:8786`); none: a LocalCluster started for the profile. */
  daskScheduler?: string;
}

/** Sent while a profile runs (CLI progress line, extension progress notification). */
export interface ProfileProgress {
  mode: PicklerMode;
  modeIndex: number;
  modeCount: number;
  stage: 'loading' | 'warmup' | 'measure' | 'done';
  round: number;
  rounds: number;
}

export interface ProfileOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ProfileProgress) => void;
}
