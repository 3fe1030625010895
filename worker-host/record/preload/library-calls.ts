import { libraryRoot, type SendSite } from './call-site';

/** The pool class of each library and its method that takes the user's task. */
const ENTRIES: Record<string, { pool: string; method: string }> = {
  piscina: { pool: 'Piscina', method: 'run' },
  tinypool: { pool: 'Tinypool', method: 'run' },
  workerpool: { pool: 'Pool', method: 'exec' },
};
const LIBRARY_FILE = /\/node_modules\/(piscina|tinypool|workerpool)\//;
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
  private pendingCount = 0;
  private readonly seenRoots = new Set<string>();
  private readonly patched = new WeakSet<object>();

  constructor(private readonly locateCaller: LocateCaller) {}

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
    const Module = require('node:module') as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
    const load = Module._load;
    const calls = this;
    Module._load = function watchingLoad(this: unknown, request: string, parent: unknown, isMain: boolean) {
      const exported = Reflect.apply(load, this, [request, parent, isMain]);
      // A library's own modules may load late (workerpool's Pool on the first pool()): look again then.
      const from = (parent as { filename?: unknown } | null)?.filename;
      if (typeof request === 'string' && (/^(piscina|tinypool|workerpool)(\/|$)/.test(request) || (typeof from === 'string' && LIBRARY_FILE.test(from)))) {
        calls.watchRequest(request, parent);
      }
      return exported;
    };
  }

  private watchRequest(request: string, parent: unknown): void {
    try {
      const from = (parent as { filename?: string } | null)?.filename;
      const resolved = from ? require('node:module').createRequire(from).resolve(request) as string : require.resolve(request);
      const root = libraryRoot(resolved);
      if (root) {
        this.seenRoots.add(root.path);
        this.patchLoaded(root.path, root.library);
      }
    } catch {
      // not resolvable from here: its first message will find it
    }
  }

  /** The user's line of a library message whose task was handed to a wrapped entry method. */
  take(message: unknown): SendSite | undefined {
    if (this.pendingCount === 0 || typeof message !== 'object' || message === null) return undefined;
    const fields = message as Record<string, unknown>;
    const task = 'task' in fields && ('filename' in fields || 'taskId' in fields) ? fields.task : 'method' in fields && 'params' in fields ? fields.params : undefined;
    const sites = task === undefined ? undefined : this.pending.get(task);
    if (!sites) return undefined;
    const site = sites.shift()!;
    if (sites.length === 0) this.pending.delete(task);
    this.pendingCount--;
    return site;
  }

  private patchLoaded(root: string, library: string): void {
    const entry = ENTRIES[library];
    if (!entry) return;
    const { pool, method } = entry;
    for (const [file, module] of Object.entries(require.cache)) {
      if (!file.startsWith(root) || !module) continue;
      for (const candidate of [module.exports, ...Object.values((module.exports ?? {}) as Record<string, unknown>)]) {
        const prototype = typeof candidate === 'function' ? (candidate as { prototype?: Record<string, unknown> }).prototype : undefined;
        if (prototype && (candidate as Function).name === pool && typeof prototype[method] === 'function') this.wrap(prototype, method, library);
      }
    }
  }

  private wrap(prototype: Record<string, unknown>, method: string, library: string): void {
    if (this.patched.has(prototype)) return;
    this.patched.add(prototype);
    const original = prototype[method] as (...args: unknown[]) => unknown;
    const api = library === 'workerpool' ? 'pool.exec' : `pool.${method}`;
    const calls = this;
    const entry = function (this: object, ...args: unknown[]): unknown {
      // workerpool sends `params` (its second argument); piscina and tinypool the task itself.
      const task = library === 'workerpool' ? args[1] : args[0];
      const site = calls.locateCaller(this, entry, task);
      if (site) calls.remember(task, { ...site, library, api });
      return Reflect.apply(original, this, args);
    };
    Object.defineProperty(entry, 'name', { value: method });
    prototype[method] = entry;
  }

  private remember(task: unknown, site: SendSite): void {
    if (this.pendingCount >= MAX_PENDING) return;
    const sites = this.pending.get(task);
    if (sites) sites.push(site);
    else this.pending.set(task, [site]);
    this.pendingCount++;
  }
}
