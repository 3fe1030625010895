import { getEnvironmentData, setEnvironmentData, threadId } from 'node:worker_threads';
import type { DeserializedEvent, Direction, SiteEvent } from '../trace-events';

const KEY = 'serial-profile.recorder.sent-tasks';
const SLOTS = 1024;
/** Per slot: the task id + 1 (0: empty), the sending thread, its site's number. */
const FIELDS = 3;

/** Shared by every thread of the process (Node hands environment data to each worker as it starts). */
function sharedSlots(): Int32Array {
  const known = getEnvironmentData(KEY);
  if (known instanceof Int32Array) return known;
  const slots = new Int32Array(new SharedArrayBuffer(SLOTS * 2 * FIELDS * Int32Array.BYTES_PER_ELEMENT));
  setEnvironmentData(KEY, slots);
  return slots;
}

/** Made as the preload loads, before the program starts any worker (a worker gets the data set before it). */
const slots = sharedSlots();

/** A pool library's task or reply: its id, when it has a small integer one (piscina's and tinypool's do). */
function taskIdOf(message: unknown, direction: Direction): number | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const fields = message as Record<string, unknown>;
  if (!(direction === 'task' ? 'task' in fields : 'result' in fields)) return undefined;
  const id = fields.taskId;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < 0x7fffffff ? id : undefined;
}

const siteNumbers = new WeakMap<SiteEvent, number>();

/** A site's number (`s12` → 12), read once. */
function siteNumber(site: SiteEvent): number {
  let number = siteNumbers.get(site);
  if (number === undefined) siteNumbers.set(site, (number = Number(site.site.slice(1))));
  return number;
}

function slotOf(id: number, direction: Direction): number {
  return ((id % SLOTS) * 2 + (direction === 'result' ? 1 : 0)) * FIELDS;
}

/**
 * Deserialize time measured where the message is read: a pool library's thread that pulls its messages with
 * `receiveMessageOnPort` (piscina and tinypool do, for tasks and for replies) gets them deserialized by that
 * call, so the call is timed. The sending thread notes, in memory the process's threads share, which of its
 * sites sent each task id; the receiving thread writes the times against that site.
 */
export class ReceiveTimes {
  /** By sending thread, then by its site's number. */
  private readonly times = new Map<number, Map<number, DeserializedEvent>>();

  /** Called before the send: the receiver may read the message at once. */
  sent(message: unknown, site: SiteEvent): void {
    const id = taskIdOf(message, site.direction);
    if (id === undefined) return;
    const at = slotOf(id, site.direction);
    Atomics.store(slots, at + 1, threadId);
    Atomics.store(slots, at + 2, siteNumber(site));
    Atomics.store(slots, at, id + 1);
  }

  /** A message this thread read, and how long the read took. */
  received(message: unknown, readMs: number): void {
    const direction: Direction =
      typeof message === 'object' && message !== null && 'task' in message ? 'task' : 'result';
    const id = taskIdOf(message, direction);
    if (id === undefined) return;
    const at = slotOf(id, direction);
    if (Atomics.load(slots, at) !== id + 1) return;
    const thread = Atomics.load(slots, at + 1);
    const site = Atomics.load(slots, at + 2);
    let ofThread = this.times.get(thread);
    if (!ofThread) this.times.set(thread, (ofThread = new Map()));
    const known = ofThread.get(site);
    if (known) {
      known.count++;
      known.ms += readMs;
    } else {
      ofThread.set(site, { t: 'deserialized', pid: process.pid, thread, site: `s${site}`, count: 1, ms: readMs });
    }
  }

  get dirty(): boolean {
    return this.times.size > 0;
  }

  drain(): DeserializedEvent[] {
    const events: DeserializedEvent[] = [];
    for (const ofThread of this.times.values())
      for (const event of ofThread.values()) events.push({ ...event, ms: Math.round(event.ms * 1000) / 1000 });
    this.times.clear();
    return events;
  }
}
