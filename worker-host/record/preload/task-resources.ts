import type { SendSite } from './call-site';

/** The async resource type of a queued task, in pool libraries that load as ES modules (not wrapped as they load). */
const TASK_TYPES = new Set(['Tinypool.Task']);
const MAX_WAITING = 10_000;

type ResourceClass = new (type: string, options?: object) => object;

/**
 * tinypool is an ES module, so its `run` cannot be wrapped as it loads; but every task it is given becomes an
 * AsyncResource of its own type right there, with the user's line on the stack. The user's line is noted then,
 * and the message that carries the task's id (sent at once, or later from the library's callbacks) is recorded
 * at it.
 */
export class TaskResources {
  private created: { resource: object; site: SendSite }[] = [];
  private readonly byTaskId = new Map<unknown, SendSite>();

  constructor(private readonly locateCaller: (caller: Function) => SendSite | undefined) {}

  install(): void {
    const hooks = require('node:async_hooks') as Record<string, unknown>;
    const Original = hooks.AsyncResource as ResourceClass;
    const noteCreated = (resource: object, caller: Function): void => this.noteCreated(resource, caller);
    class AsyncResource extends Original {
      constructor(type: string, options?: object) {
        super(type, options);
        if (TASK_TYPES.has(type)) noteCreated(this, new.target);
      }
    }
    Object.defineProperty(AsyncResource, 'name', { value: 'AsyncResource' });
    hooks.AsyncResource = AsyncResource;
  }

  private noteCreated(resource: object, caller: Function): void {
    if (this.created.length + this.byTaskId.size >= MAX_WAITING) return;
    const site = this.locateCaller(caller);
    if (site) this.created.push({ resource, site });
  }

  /** The user's line of a library message carrying the id of a task noted as it was created. */
  take(message: unknown): SendSite | undefined {
    if (this.created.length === 0 && this.byTaskId.size === 0) return undefined;
    if (typeof message !== 'object' || message === null || !('taskId' in message)) return undefined;
    // A task's id is set after its AsyncResource constructor returns: the ids are read now.
    for (const { resource, site } of this.created) this.byTaskId.set((resource as { taskId?: unknown }).taskId, site);
    this.created = [];
    const site = this.byTaskId.get(message.taskId);
    if (site) this.byTaskId.delete(message.taskId);
    return site;
  }
}
