import { libraryRoot, type SendSite } from './call-site';
import { moduleClass } from './clock';
import { isJestCall } from './library-messages';

/** The pool class of each library and its method that takes the user's task. */
const ENTRIES: Record<string, { pool: string; method: string }> = {
  piscina: { pool: 'Piscina', method: 'run' },
  tinypool: { pool: 'Tinypool', method: 'run' },
  workerpool: { pool: 'Pool', method: 'exec' },
  // Every method a jest-worker `Worker` exposes (`worker.transform(…)`) is this one, bound to the method's name.
  'jest-worker': { pool: 'Worker', method: '_callFunctionWithArgs' },
};
const LIBRARY_NAME = /^(piscina|tinypool|workerpool|jest-worker)(\/|$)/;
const LIBRARY_FILE = /\/node_modules\/(piscina|tinypool|workerpool|jest-worker)\//;
const MAX_PENDING = 10_000;

/** Where the caller of `entry` is (a user's line), or undefined when it is not one. */
export type LocateCaller = (target: object, entry: Function, task: unknown) => SendSite | undefined;

/**
 * A pool library sends a queued task later, from its own callbacks, where no user frame is on the stack.
 * So its entry method (`pool.run`, `pool.exec`) is wrapped to note the user's line with the task, and the
 * message that carries that task is recorded at that line (whether it goes at once or later).
 */
export class LibraryCalls {
  private readonly pending = new Map<unknown, SendSite[]>();
  /** jest-worker's calls by method name: its message carries a copy of the arguments, found by their items. */
  private readonly calls = new Map<string, JestCall[]>();
  private pendingCount = 0;
  private readonly seenRoots = new Set<string>();
  private readonly patched = new WeakSet<object>();
  /** The same line called through the same entry is one object, so the recorder finds its figures by identity. */
  private readonly entrySites = new WeakMap<SendSite, SendSite>();

  constructor(
    private readonly locateCaller: LocateCaller,
    /** workerpool.worker(methods) was called: the functions this worker runs for its pool. */
    private readonly onRegistered: (methods: unknown) => void,
  ) {}

  /** Wraps the entry method of the library whose frames are in `frames`, once per installed copy. */
  watch(frames: readonly NodeJS.CallSite[]): void {
    for (const frame of frames) {
      const root = libraryRoot(frame.getFileName() ?? '');
      if (!root || this.seenRoots.has(root.path)) continue;
      this.seenRoots.add(root.path);
      this.patchLoaded(root.path, root.library);
    }
  }

  /** Wraps the entry method of a library as soon as the program loads it (CommonJS `require`). */
  watchLoads(): void {
    // Module._load is the one path every require takes; Node's typings do not list it.
    const Module = moduleClass();
    const load = Module._load;
    const calls = this;
    Module._load = function watchingLoad(this: unknown, ...args: unknown[]) {
      const [request, parent] = args;
      const exported = Reflect.apply(load, this, args);
      // A library's own modules may load late (workerpool's Pool on the first pool()): look again then.
      const from = (parent as { filename?: unknown } | null)?.filename;
      if (
        typeof request === 'string' &&
        (LIBRARY_NAME.test(request) || (typeof from === 'string' && LIBRARY_FILE.test(from)))
      ) {
        calls.watchLoaded(exported, request as string, parent);
      }
      return exported;
    };
  }

  /**
   * A module a library file (or the program, by the library's name) just loaded: its exports may hold the pool class.
   */
  private watchLoaded(exported: unknown, request: string, parent: unknown): void {
    const from = (parent as { filename?: unknown } | null)?.filename;
    const library = libraryRoot(typeof from === 'string' ? from : '')?.library ?? LIBRARY_NAME.exec(request)?.[1];
    if (library) this.patchExports(exported, library);
  }

  /** The user's line of a library message whose task was handed to a wrapped entry method. */
  take(message: unknown): SendSite | undefined {
    if (this.pendingCount === 0 || typeof message !== 'object' || message === null) return undefined;
    if (isJestCall(message)) return this.takeCall(message[2], message[3]);
    const fields = message as Record<string, unknown>;
    const task =
      'task' in fields && ('filename' in fields || 'taskId' in fields)
        ? fields.task
        : 'method' in fields && 'params' in fields
          ? fields.params
          : undefined;
    const sites = task === undefined ? undefined : this.pending.get(task);
    if (!sites) return undefined;
    const site = sites.shift()!;
    if (sites.length === 0) this.pending.delete(task);
    this.pendingCount--;
    return site;
  }

  private patchLoaded(root: string, library: string): void {
    for (const [file, module] of Object.entries(require.cache)) {
      if (file.startsWith(root) && module) this.patchExports(module.exports, library);
    }
  }

  private patchExports(exported: unknown, library: string): void {
    const entry = ENTRIES[library];
    if (!entry || exported === null || (typeof exported !== 'object' && typeof exported !== 'function')) return;
    if (library === 'workerpool') this.watchRegistration(exported as Record<string, unknown>);
    const { pool, method } = entry;
    // The class itself, or the export of its name or `default` (own data properties only: no getter runs).
    const own = (key: string): unknown => Object.getOwnPropertyDescriptor(exported, key)?.value;
    for (const candidate of [exported, own(pool), own('default')]) {
      const prototype =
        typeof candidate === 'function' ? (candidate as { prototype?: Record<string, unknown> }).prototype : undefined;
      if (prototype && (candidate as Function).name === pool && typeof prototype[method] === 'function')
        this.wrap(prototype, method, library);
    }
  }

  private wrap(prototype: Record<string, unknown>, method: string, library: string): void {
    if (this.patched.has(prototype)) return;
    this.patched.add(prototype);
    const original = prototype[method] as (...args: unknown[]) => unknown;
    const api = library === 'workerpool' ? 'pool.exec' : `pool.${method}`;
    const calls = this;
    const entry = function (this: object, ...args: unknown[]): unknown {
      if (library === 'jest-worker') {
        const call: JestCall = { method: String(args[0]), args: args.slice(1) };
        // Keyed by the method's name, so that each method's calls are a shape of their own.
        const site = calls.locateCaller(this, entry, { [call.method]: call.args });
        if (site) calls.rememberCall(call, calls.entrySite(site, library, `worker.${call.method}`));
        return Reflect.apply(original, this, args);
      }
      // workerpool sends `params` (its second argument); piscina and tinypool the task itself.
      const task = library === 'workerpool' ? args[1] : args[0];
      const site = calls.locateCaller(this, entry, task);
      if (site) calls.remember(task, calls.entrySite(site, library, api));
      return Reflect.apply(original, this, args);
    };
    Object.defineProperty(entry, 'name', { value: method });
    prototype[method] = entry;
  }

  private entrySite(site: SendSite, library: string, api: string): SendSite {
    let known = this.entrySites.get(site);
    if (known?.library !== library || known.api !== api) this.entrySites.set(site, (known = { ...site, library, api }));
    return known;
  }

  /** workerpool's `worker(methods)`: the methods are noted, then registered as before. */
  private watchRegistration(exported: Record<string, unknown>): void {
    const register = Object.getOwnPropertyDescriptor(exported, 'worker')?.value as unknown;
    if (typeof register !== 'function' || this.patched.has(register)) return;
    const onRegistered = this.onRegistered;
    const worker = function (this: unknown, ...args: unknown[]): unknown {
      onRegistered(args[0]);
      return Reflect.apply(register, this, args);
    };
    Object.defineProperty(worker, 'name', { value: register.name });
    this.patched.add(worker);
    try {
      exported.worker = worker;
    } catch {
      // a frozen export: replies stay at the library's line
    }
  }

  private rememberCall(call: JestCall, site: SendSite): void {
    if (this.pendingCount >= MAX_PENDING) return;
    call.site = site;
    const calls = this.calls.get(call.method);
    if (calls) calls.push(call);
    else this.calls.set(call.method, [call]);
    this.pendingCount++;
  }

  /** The oldest call of `method` with these arguments (the library sends its queue in order: mostly the first). */
  private takeCall(method: string, args: readonly unknown[]): SendSite | undefined {
    const calls = this.calls.get(method);
    const at = calls?.findIndex(
      (call) => call.args.length === args.length && call.args.every((arg, i) => Object.is(arg, args[i])),
    );
    if (!calls || at === undefined || at < 0) return undefined;
    const [call] = calls.splice(at, 1);
    if (calls.length === 0) this.calls.delete(method);
    this.pendingCount--;
    return call!.site;
  }

  private remember(task: unknown, site: SendSite): void {
    if (this.pendingCount >= MAX_PENDING) return;
    const sites = this.pending.get(task);
    if (sites) sites.push(site);
    else this.pending.set(task, [site]);
    this.pendingCount++;
  }
}

/** A call of a jest-worker method, as the user made it. */
interface JestCall {
  method: string;
  args: unknown[];
  site?: SendSite;
}
