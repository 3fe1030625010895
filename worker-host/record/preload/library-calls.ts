import { captureFrames, libraryRoot, sendSiteOf, type SendSite } from './call-site';

/** The method of each pool library that takes the user's task, and how a message names that task. */
const ENTRY_METHODS: Record<string, string> = { piscina: 'run', tinypool: 'run', workerpool: 'exec' };
const MAX_PENDING = 10_000;

interface PendingCall {
  library: string;
  payload: unknown;
  site: SendSite;
}

/**
 * A pool library sends a queued task later, from its own callbacks, where no user frame is on the stack.
 * So its entry method (`pool.run`, `pool.exec`) is wrapped to note the user's line with the task, and the
 * message that later carries that task is recorded at that line.
 */
export class LibraryCalls {
  private readonly pending: PendingCall[] = [];
  private readonly seenRoots = new Set<string>();
  private readonly patched = new WeakSet<object>();

  /** Wraps the entry method of the library whose frames are in `frames`, once per installed copy. */
  watch(frames: readonly NodeJS.CallSite[]): void {
    for (const frame of frames) {
      const root = libraryRoot(frame.getFileName() ?? '');
      if (!root || this.seenRoots.has(root.path)) continue;
      this.seenRoots.add(root.path);
      this.patchLoaded(root.path, root.library);
    }
  }

  /** The user's line for a task a library sends without one on the stack, if its entry call was seen. */
  take(library: string, payload: unknown): SendSite | undefined {
    const index = this.pending.findIndex((call) => call.library === library && Object.is(call.payload, payload));
    if (index < 0) return undefined;
    return this.pending.splice(index, 1)[0]!.site;
  }

  private patchLoaded(root: string, library: string): void {
    const method = ENTRY_METHODS[library];
    if (!method) return;
    for (const [file, module] of Object.entries(require.cache)) {
      if (!file.startsWith(root) || !module) continue;
      for (const candidate of [module.exports, ...Object.values((module.exports ?? {}) as Record<string, unknown>)]) {
        const prototype = typeof candidate === 'function' ? (candidate as { prototype?: Record<string, unknown> }).prototype : undefined;
        if (prototype && typeof prototype[method] === 'function') this.wrap(prototype, method, library);
      }
    }
  }

  private wrap(prototype: Record<string, unknown>, method: string, library: string): void {
    if (this.patched.has(prototype)) return;
    this.patched.add(prototype);
    const original = prototype[method] as (...args: unknown[]) => unknown;
    const pending = this.pending;
    const entry = function (this: unknown, ...args: unknown[]): unknown {
      const site = sendSiteOf(captureFrames(entry));
      // workerpool sends `params` (its second argument); piscina and tinypool the task itself.
      const payload = library === 'workerpool' ? args[1] : args[0];
      if (site.user) {
        pending.push({ library, payload, site: { ...site, library, api: library === 'workerpool' ? 'pool.exec' : `pool.${method}` } });
        if (pending.length > MAX_PENDING) pending.shift();
      }
      return Reflect.apply(original, this, args);
    };
    Object.defineProperty(entry, 'name', { value: method });
    prototype[method] = entry;
  }
}
