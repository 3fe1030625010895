import { captureFrames, PRELOAD_FILE, sendSiteOf, type SendSite } from './call-site';
import { LibraryCalls } from './library-calls';
import { ReplySites } from './reply-sites';
import { TaskResources } from './task-resources';
import type { SamplingPolicy } from './sampling';

/** Node's own traffic (worker stdio, cluster): not the program's, not recorded. */
export const INTERNAL = 'internal';
export type Located = SendSite | typeof INTERNAL;

interface TargetState {
  messages: number;
  internal: boolean;
  /** The one site seen sending messages of a shape through this target; null once a second one was. */
  sites: Map<string, SendSite | null>;
}

/**
 * Which line sent a message. Reading the stack costs more than sending a small message, so for each target
 * (port, worker, child) it is read for the first messages, for one in `every`, and for any message of a shape
 * (constructor and first keys, with or without a transfer list) not seen there before; in between a message goes to
 * the one site that sent
 * that shape through that target. A shape two sites send through one target has its stack read every time.
 */
export class SiteLookup {
  private readonly targets = new WeakMap<object, TargetState>();
  readonly replies = new ReplySites();
  readonly libraryCalls = new LibraryCalls(
    (target, entry, task) => {
      const site = this.locate(target, task, entry);
      return site !== INTERNAL && site.user ? site : undefined;
    },
    (methods) => this.replies.registered(methods),
  );

  private readonly taskResources = new TaskResources((caller) => {
    const site = this.locate(TASK_RESOURCES, undefined, caller);
    return site !== INTERNAL && site.user ? site : undefined;
  });

  constructor(private readonly policy: SamplingPolicy) {
    this.libraryCalls.watchLoads();
    this.taskResources.install();
  }

  locateMessage(target: object, message: unknown, transfers: boolean, caller: Function): Located {
    return (
      this.libraryCalls.take(message) ??
      this.taskResources.take(message) ??
      this.replies.siteOf(message) ??
      this.locate(target, message, caller, transfers)
    );
  }

  locate(target: object, message: unknown, caller: Function, transfers = false): Located {
    let state = this.targets.get(target);
    if (!state) this.targets.set(target, (state = { messages: 0, internal: false, sites: new Map() }));
    state.messages++;
    if (state.internal) return INTERNAL;
    const shape = transfers ? `${shapeOf(message)}+transfer` : shapeOf(message);
    const known = state.sites.get(shape);
    if (known && state.messages > this.policy.first && state.messages % this.policy.every !== 0) return known;
    const site = this.exact(caller);
    if (site === INTERNAL) {
      state.internal = state.messages === 1;
      return site;
    }
    if (known === undefined) state.sites.set(shape, site);
    else if (known !== null && !sameSite(known, site)) state.sites.set(shape, null);
    return site;
  }

  /** The site read from the stack, always. */
  exact(caller: Function): Located {
    const frames = captureFrames(caller);
    const top = frames[0]?.getFileName();
    if (!top || top.startsWith('node:internal/') || top === PRELOAD_FILE) return INTERNAL;
    const site = sendSiteOf(frames);
    if (site.library !== null) this.libraryCalls.watch(frames);
    return site;
  }
}

/** The target the stacks of new library tasks (an ES module library's) are read and sampled for. */
const TASK_RESOURCES = {};

/** A cheap description of a message that tells most sites apart: its constructor and first keys. */
function shapeOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  let shape = prototype?.constructor?.name ?? 'null';
  if (Array.isArray(value) || ArrayBuffer.isView(value))
    return `${shape}:${Array.isArray(value) ? shapeOf(value[0]) : ''}`;
  let keys = 0;
  for (const key in value) {
    shape += `,${key}`;
    if (++keys === 8) break;
  }
  return shape;
}

function sameSite(a: SendSite, b: SendSite): boolean {
  return a.line === b.line && a.column === b.column && a.file === b.file && a.library === b.library && a.api === b.api;
}
