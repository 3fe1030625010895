import { isMainThread } from 'node:worker_threads';
import type { SendSite } from './call-site';
import { walkers } from './walkers';
import { now } from './clock';
import { isJestCall, isJestReply, jestWorkerModule } from './library-messages';

/** The task function a pool library's worker was asked to run: piscina and tinypool name a module and export. */
interface TaskFunction {
  library: string;
  /** The module's path (piscina and tinypool) or '' (workerpool: a method registered with `workerpool.worker`). */
  file: string;
  name: string;
  /** Where the function is defined, once looked up (null: not a user's function). */
  site?: SendSite | null;
}

const MAX_OPEN_TASKS = 10_000;
/** The key of jest-worker's one open call (its messages carry no id). */
const JEST_CALL = Symbol('jest-worker call');
const MAX_FUNCTIONS = 256;
/** Only a worker thread or a child process with a parent runs a pool's tasks. */
const IS_WORKER = !isMainThread || typeof process.send === 'function';

/**
 * A pool library's worker sends each task's result from its own code after the task function returned, so no
 * user frame is on the stack. The worker's received task messages say which function runs (piscina and tinypool:
 * `{ taskId, filename, name }`; workerpool: `{ id, method }`), and the reply is recorded where that function is
 * defined (V8's place of it, its parameter list), as the library's reply.
 */
export class ReplySites {
  private readonly open = new Map<unknown, TaskFunction>();
  /** One object per library, module and function name: the task messages of a worker name the same few. */
  private readonly functions = new Map<string, TaskFunction>();
  private lookupMs = 0;
  /** workerpool's methods, as the worker registered them with `workerpool.worker({ … })`. */
  private readonly methods = new Map<string, unknown>();

  /** A message this thread received: a task envelope is remembered until its reply. */
  received(message: unknown): void {
    if (!IS_WORKER) return;
    if (typeof message !== 'object' || message === null || this.open.size >= MAX_OPEN_TASKS) return;
    if (Array.isArray(message)) {
      this.receivedJest(message);
      return;
    }
    const fields = message as Record<string, unknown>;
    if ('taskId' in fields && 'task' in fields && typeof fields.filename === 'string') {
      const library = '__tinypool_worker_message__' in fields || isTinypoolWorker() ? 'tinypool' : 'piscina';
      const name = typeof fields.name === 'string' ? fields.name : 'default';
      this.open.set(fields.taskId, this.taskFunction(library, fields.filename, name));
    } else if ('id' in fields && typeof fields.method === 'string' && 'params' in fields) {
      this.open.set(fields.id, this.taskFunction('workerpool', '', fields.method));
    }
  }

  /** jest-worker names its module once, then runs one call at a time: the next reply is the last call's. */
  private receivedJest(message: unknown[]): void {
    const module = jestWorkerModule(message);
    if (module !== undefined) this.jestModule = module;
    else if (isJestCall(message) && this.jestModule !== undefined)
      this.open.set(JEST_CALL, this.taskFunction('jest-worker', this.jestModule, message[2]));
  }

  private jestModule: string | undefined;

  private taskFunction(library: string, filename: string, name: string): TaskFunction {
    const key = `${library}\0${filename}\0${name}`;
    let task = this.functions.get(key);
    if (!task) {
      task = { library, file: pathOf(filename), name };
      if (this.functions.size < MAX_FUNCTIONS) this.functions.set(key, task);
    }
    return task;
  }

  /** workerpool.worker(methods) was called in this thread. */
  registered(methods: unknown): void {
    if (typeof methods !== 'object' || methods === null) return;
    for (const [name, value] of Object.entries(methods)) this.methods.set(name, value);
  }

  /** The site of a reply whose task this thread received, or undefined when the message is not one. */
  siteOf(message: unknown): SendSite | undefined {
    if (this.open.size === 0 || typeof message !== 'object' || message === null) return undefined;
    const fields = message as Record<string, unknown>;
    const id = Array.isArray(message)
      ? isJestReply(message)
        ? JEST_CALL
        : undefined
      : 'taskId' in fields
        ? fields.taskId
        : 'id' in fields && 'result' in fields
          ? fields.id
          : undefined;
    const task = id === undefined ? undefined : this.open.get(id);
    if (!task) return undefined;
    this.open.delete(id);
    if (task.site === undefined) {
      const start = now();
      task.site = this.locate(task);
      this.lookupMs += now() - start;
    }
    return task.site ?? undefined;
  }

  /** The time spent looking task functions up since the last call (the recorder's own work, not the task's). */
  takeLookupMs(): number {
    const ms = this.lookupMs;
    this.lookupMs = 0;
    return ms;
  }

  private locate(task: TaskFunction): SendSite | null {
    const fn = task.library === 'workerpool' ? this.methods.get(task.name) : exportOf(task.file, task.name);
    if (typeof fn !== 'function') return null;
    let location;
    try {
      // A function of the task's own file is placed without the debugger; only one defined elsewhere needs it.
      location =
        (task.file !== '' ? walkers().functionPositionIn(fn, task.file) : undefined) ?? walkers().functionLocation(fn);
    } catch {
      return null;
    }
    if (!location || location.file.includes('/node_modules/')) return null;
    return { ...location, library: task.library, api: 'reply', user: true };
  }
}

const paths = new Map<string, string>();
const PATHS_KEPT = 256;

/** A task's module path; the URL of every task is the same few, each parsed once. */
function pathOf(filename: string): string {
  if (!filename.startsWith('file:')) return filename;
  let path = paths.get(filename);
  if (path === undefined) {
    path = (require('node:url') as typeof import('node:url')).fileURLToPath(filename);
    if (paths.size < PATHS_KEPT) paths.set(filename, path);
  }
  return path;
}

/** tinypool's worker marks its process; its thread workers' messages carry no mark of their own. */
function isTinypoolWorker(): boolean {
  const state = (process as { __tinypool_state__?: { isTinypoolWorker?: boolean } }).__tinypool_state__;
  return state?.isTinypoolWorker === true;
}

/**
 * The function a library would call for `name` of the module at `file`: the module is loaded already (its task
 * ran), so `require` returns it from the cache, whether CommonJS or (Node 20.19 and later) an ES module.
 */
function exportOf(file: string, name: string): unknown {
  let exported: unknown;
  try {
    exported = require.cache[file]?.exports ?? require(file);
  } catch {
    return undefined;
  }
  if (typeof exported === 'function') return exported;
  if (typeof exported !== 'object' || exported === null) return undefined;
  const namespace = exported as Record<string, unknown>;
  const named = namespace[name];
  if (typeof named === 'function') return named;
  // tinypool and piscina take a module's default export when it is the function (or an object of functions).
  const fallback = namespace.default;
  if (typeof fallback === 'function') return fallback;
  if (typeof fallback === 'object' && fallback !== null) return (fallback as Record<string, unknown>)[name];
  return undefined;
}
