import Module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * workerpool's worker side, as our processes and threads load a user's worker file.
 *
 * A workerpool worker file registers its tasks when it loads: `workerpool.worker({ fib, hash })` requires
 * workerpool's `src/worker.js`, which takes over the process's IPC channel (or the thread's `parentPort`) and
 * sends `'ready'` on it. Loaded in the CLI that fails ("process.send is not a function"); in the worker host
 * or in one of our thread workers it would talk on our own channel. So when workerpool's index asks for its
 * worker module, it gets this one instead: the methods are kept by name, for the file that registered them,
 * and nothing is sent. workerpool's pool reaches a task only this way, by its name in the registered object.
 */
const REGISTRIES_KEY = 'serialization-profiler.workerpool-methods';
const WORKERPOOL_INDEX = /[\\/]workerpool[\\/]src[\\/]index\.js$/;
const WORKERPOOL_DIR = /[\\/]node_modules[\\/]workerpool[\\/]/;

type Methods = Record<string, unknown>;

/** The methods each file registered through `workerpool.worker(…)`, by the file's path (shared by our bundles). */
function registries(): Map<string, Methods> {
  const holder = globalThis as unknown as Record<symbol, Map<string, Methods> | undefined>;
  return (holder[Symbol.for(REGISTRIES_KEY)] ??= new Map());
}

/** The methods `file` (a path or a file: URL, versioned or not) registered with workerpool, if it did. */
export function registeredWorkerpoolMethods(file: string): Methods | undefined {
  return registries().get(pathOf(file));
}

const waiting = new Map<string, (() => void)[]>();

/**
 * Resolves true once `file` has registered its methods, as workerpool's pool waits for a worker's `'ready'`
 * before it sends a task (a worker file may register after an asynchronous set-up); false after `timeoutMs`.
 */
export function whenRegistered(file: string, timeoutMs: number): Promise<boolean> {
  const path = pathOf(file);
  if (registries().has(path)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      const list = waiting.get(path) ?? [];
      list.splice(list.indexOf(done), 1);
      resolve(false);
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    waiting.set(path, [...(waiting.get(path) ?? []), done]);
  });
}

/**
 * Whether a source text registers tasks with workerpool, read, not run: it imports workerpool and calls
 * `<name>.worker(…)`, or a `worker` it imported by name (`import { worker } from 'workerpool'`). A program that
 * only creates a pool (`workerpool.pool(…)`, `pool.exec(…)`) does not.
 */
export function registersWithWorkerpool(source: string): boolean {
  if (!/['"]workerpool['"]/.test(source)) return false;
  if (/\.\s*worker\s*\(/.test(source)) return true;
  const named =
    /\{[^}]*\bworker\b(?:\s*(?:as|:)\s*([\w$]+))?[^}]*\}\s*(?:from\s*|=\s*require\s*\(\s*)['"]workerpool['"]/.exec(
      source,
    );
  if (!named) return false;
  return new RegExp(`(^|[^.\\w$])${(named[1] ?? 'worker').replace(/\$/g, '\\$')}\\s*\\(`, 'm').test(source);
}

let installed = false;

type Load = (request: string, parent: { filename?: string | null } | undefined, isMain: boolean) => unknown;

export function installWorkerpoolWorker(): void {
  if (installed) return;
  installed = true;
  const loader = Module as unknown as { _load: Load };
  const original = loader._load;
  loader._load = function (request, parent, isMain) {
    if (request === './worker' && parent?.filename && WORKERPOOL_INDEX.test(parent.filename)) {
      // A process that already is a real workerpool worker (a program using the library inside one) keeps it.
      const real = (Module as unknown as { _cache: Record<string, unknown> })._cache[
        join(dirname(parent.filename), 'worker.js')
      ];
      if (!real) return workerModule;
    }
    const loaded = original.call(this, request, parent, isMain);
    return request.includes('workerpool') && isBundle(request, parent, isMain) ? bundleView(loaded) : loaded;
  };
}

const WORKERPOOL_BUNDLE = /[\\/]workerpool[\\/]dist[\\/]workerpool(\.min)?\.js$/;
type Resolve = (request: string, parent: { filename?: string | null } | undefined, isMain: boolean) => string;

/** `require('workerpool/dist/workerpool.js')`: the bundle has its worker built in, out of reach of `./worker`. */
function isBundle(request: string, parent: { filename?: string | null } | undefined, isMain: boolean): boolean {
  try {
    return WORKERPOOL_BUNDLE.test(
      (Module as unknown as { _resolveFilename: Resolve })._resolveFilename(request, parent, isMain),
    );
  } catch {
    return false;
  }
}

const bundleViews = new WeakMap<object, object>();

/** The bundle's exports with its `worker` and `workerEmit` taken by this module, as `./worker` is for the sources. */
function bundleView(loaded: unknown): unknown {
  if (loaded === null || typeof loaded !== 'object') return loaded;
  let view = bundleViews.get(loaded);
  if (!view) {
    view = {
      ...loaded,
      worker: (methods?: Methods) => workerModule.add(methods),
      workerEmit: (payload: unknown) => workerModule.emit(payload),
    };
    bundleViews.set(loaded, view);
  }
  return view;
}

/**
 * What workerpool gives a registered task as `this.worker` (it calls the task with the task itself as `this`):
 * abort listeners never run here, as a task that overruns its timeout has its worker killed; events are dropped.
 */
const publicWorker = {
  addAbortListener(listener: unknown): void {
    void listener;
  },
  emit(payload: unknown): void {
    void payload;
  },
};

/** The worker module's interface as workerpool's index uses it (`add`, `emit`). */
const workerModule = {
  add(methods?: Methods): void {
    const file = callerFile();
    if (!file || !methods) return;
    const registered = { ...(registries().get(file) ?? {}) };
    // workerpool takes own enumerable keys (for…in with hasOwnProperty) and gives each its `worker`.
    for (const name of Object.keys(methods)) {
      registered[name] = methods[name];
      if (typeof methods[name] === 'function') (methods[name] as { worker?: unknown }).worker = publicWorker;
    }
    registries().set(file, registered);
    for (const done of waiting.get(file) ?? []) done();
    waiting.delete(file);
  },
  /** Events go to a pool's `on` callback; a profiled task has none, so they are dropped. */
  emit(payload: unknown): void {
    void payload;
  },
};

/** The user file that called `workerpool.worker(…)`: the first frame outside workerpool and this module. */
function callerFile(): string | undefined {
  const previous = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 50;
    Error.prepareStackTrace = (_error, frames: NodeJS.CallSite[]) => frames;
    const frames = new Error().stack as unknown as NodeJS.CallSite[];
    const ours = frames[0]?.getFileName();
    for (const frame of frames) {
      const name = frame.getFileName();
      if (!name || name === ours || name.startsWith('node:') || WORKERPOOL_DIR.test(name)) continue;
      return pathOf(name);
    }
    return undefined;
  } finally {
    Error.prepareStackTrace = previous;
    Error.stackTraceLimit = limit;
  }
}

function pathOf(file: string): string {
  if (!file.startsWith('file:')) return file;
  const url = new URL(file);
  url.search = '';
  url.hash = '';
  return fileURLToPath(url);
}
