import { captureFrames, depthOf, PRELOAD_FILE, sendSiteOf, type SendSite } from './call-site';
import { LibraryCalls } from './library-calls';
import { ReplySites } from './reply-sites';
import { TaskResources } from './task-resources';
import { nextMeasured, type SamplingPolicy } from './sampling';
import { SHAPE_KEYS, ShapeSplit, tagsOf, type Tags } from './shape-split';
import { DEFAULT_SAMPLE_EVERY, DEFAULT_SAMPLE_FIRST } from '../trace-events';

/** Node's own traffic (worker stdio, cluster): not the program's, not recorded. */
export const INTERNAL = 'internal';
export type Located = SendSite | typeof INTERNAL;

interface TargetState {
  messages: number;
  /** The next message through this target whose stack is read whatever its shape. */
  nextRead: number;
  internal: boolean;
  /** How deep the target's last read found the user's line: where its next read starts. */
  depth: number;
  /** The shapes seen through this target. */
  shapes: ShapeNode;
}

/**
 * One step of a message's shape (its constructor, then each of its first keys, then whether it has a transfer
 * list), so that a shape is found by a few map lookups without building anything per message. `site` is the one
 * site seen sending the shape that ends here; null once a second one was.
 */
interface ShapeNode {
  site?: SendSite | null;
  next?: Map<unknown, ShapeNode>;
  /** The tags of the first message of the shape, while one site sends it. */
  tags?: Tags;
  /** What tells apart the sites that send the shape ending here, once `site` is null. */
  split?: ShapeSplit;
}

/**
 * Which line sent a message. Reading the stack costs more than sending a small message, so for each target
 * (port, worker, child) it is read for the first messages, for one in `every`, and for any message of a shape
 * (constructor and first keys, with or without a transfer list) not seen there before; in between a message goes to
 * the one site that sent that shape through that target. A shape two sites send through one target goes by its
 * tag (see ShapeSplit) once one is found; until then, or without one, its stack is read every time.
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

  private readonly policy: SamplingPolicy;

  /**
   * Stacks are read as `sampling` measures messages; with every message measured, still as by default: a read
   * costs more than a small message, and the shape rule keeps the counts exact but for the case described above.
   */
  constructor(sampling: SamplingPolicy) {
    this.policy = sampling.first === Infinity ? { first: DEFAULT_SAMPLE_FIRST, every: DEFAULT_SAMPLE_EVERY } : sampling;
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
    if (!state) {
      state = { messages: 0, nextRead: nextMeasured(this.policy, 0), internal: false, depth: 1, shapes: {} };
      this.targets.set(target, state);
    }
    const ordinal = ++state.messages;
    if (state.internal) return INTERNAL;
    const shape = shapeNode(state.shapes, message, transfers);
    const known = shape.site;
    const sampled = ordinal === state.nextRead;
    if (sampled) state.nextRead = nextMeasured(this.policy, ordinal);
    if (!sampled) {
      const told = known ?? shape.split?.siteOf(message);
      if (told) return told;
    }
    const site = this.exact(caller, state);
    if (site === INTERNAL) {
      state.internal = state.messages === 1;
      return site;
    }
    if (known === undefined) {
      shape.site = site;
      shape.tags = tagsOf(message);
    } else if (known !== null && !sameSite(known, site)) {
      shape.site = null;
      shape.split = new ShapeSplit(sameSite, shape.tags ?? [], known);
      shape.tags = undefined;
    }
    if (shape.site === null) shape.split?.learn(message, site);
    return site;
  }

  /** The site read from the stack, always; the same line is the same object each time it is read. */
  exact(caller: Function, target?: TargetState): Located {
    const frames = captureFrames(caller, target?.depth);
    if (target) target.depth = depthOf(frames);
    const top = frames[0]?.getFileName();
    if (!top || top.startsWith('node:internal/') || top === PRELOAD_FILE) return INTERNAL;
    const site = this.interned(sendSiteOf(frames));
    if (site.library !== null) this.libraryCalls.watch(frames);
    return site;
  }

  private readonly sites = new Map<string, SendSite>();

  private interned(site: SendSite): SendSite {
    const key = `${site.file}:${site.line}:${site.column}:${site.library}:${site.api}:${site.user}`;
    const known = this.sites.get(key);
    if (known) return known;
    if (this.sites.size < MAX_SITES) this.sites.set(key, site);
    return site;
  }
}

/** Lines kept as one object each (past this, a line read again is a new object: found by its key, not identity). */
const MAX_SITES = 10_000;

/** The target the stacks of new library tasks (an ES module library's) are read and sampled for. */
const TASK_RESOURCES = {};

const NO_TRANSFER = 0;
const WITH_TRANSFER = 1;

function step(node: ShapeNode, key: unknown): ShapeNode {
  node.next ??= new Map();
  let next = node.next.get(key);
  if (!next) node.next.set(key, (next = {}));
  return next;
}

/** The node of a message's shape: its constructor (or type) and first keys; an array's by its first element's. */
function shapeNode(root: ShapeNode, value: unknown, transfers: boolean): ShapeNode {
  let node = step(root, kindOf(value));
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) node = step(node, kindOf(value[0]));
    else if (!ArrayBuffer.isView(value)) {
      let keys = 0;
      for (const key in value) {
        node = step(node, key);
        if (++keys === SHAPE_KEYS) break;
      }
    }
  }
  return step(node, transfers ? WITH_TRANSFER : NO_TRANSFER);
}

/** A value's constructor, null for an object without one, else its type's name. */
function kindOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return typeof value;
  const prototype = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  return prototype === null ? null : (prototype.constructor ?? null);
}

function sameSite(a: SendSite, b: SendSite): boolean {
  return a.line === b.line && a.column === b.column && a.file === b.file && a.library === b.library && a.api === b.api;
}
