import type { FailureEvent, SiteEvent } from '../trace-events';
import type { SendSite } from './call-site';
import type { Channel } from './channels';
import { type EventLog } from './event-log';
import { walkers } from './walkers';
import { binaryFindings, draggedBytes, ignoredTransfers, RepeatWatch, transferBefore } from './findings';
import { measureAside } from './measure';
import { binaryValuesOf } from './binary-values';
import { plainJson } from './plain-json';
import { isWorkerStart, payloadOf } from './library-messages';
import { measuredWeight, nextMeasured, type SamplingPolicy } from './sampling';
import { SiteStats } from './site-stats';
import { BusyTime } from './busy-time';
import { INTERNAL, SiteLookup } from './site-lookup';
import { now } from './clock';
import { PendingMark } from './pending-marks';
import { Relays } from './relays';
import { ReceiveTimes } from './receive-times';

/** Flush this long after the last unflushed message (so a short run, or a worker about to be ended, loses nothing). */
export const FLUSH_AFTER_MS = 100;
/** A site's first messages are written at once (a program killed early still shows them); later ones in batches. */
const WRITTEN_AT_ONCE = 32;
/** A program that never yields to the timer still writes this often. */
const FLUSH_AT_LEAST_EVERY_MS = 1000;
/** Reading a message back (the deserialize estimate) for its site's first measured messages, then one in ten. */
const READ_BACK_FIRST = 20;
const READ_BACK_EVERY = 10;
/** Each site's JSON loss walk runs on this many of its first measured messages. */
const JSON_CHECKS_PER_SITE = 20;
/** The same failure (site, kind, path) is written this many times, then only counted. */
const FAILURES_WRITTEN = 5;

/** One send as its wrapper received it. */
interface SendCall {
  target: object;
  args: unknown[];
  transfer: readonly unknown[] | undefined;
  original: Function;
  caller: Function;
}

interface SiteState {
  stats: SiteStats;
  /** The ordinal of the site's next measured message. */
  nextMeasured: number;
  repeats: RepeatWatch;
  jsonChecks: number;
  /** Measured messages of the site; the first few and then one in READ_BACK_EVERY are also read back. */
  readBacks: number;
  failures: Map<string, FailureEvent>;
}

/** This thread's recorder: sites, their figures, and the event file they go to. */
export class Recorder {
  private readonly sites = new Map<string, SiteState>();
  private readonly stateOfSite = new WeakMap<SendSite, SiteState>();
  private nextSite = 1;
  private sending = false;
  private timer: NodeJS.Timeout | undefined;

  /** Time this thread works between its replies, the run time a pool library does not report itself. */
  readonly busy = new BusyTime();
  private readonly pending = new PendingMark();
  readonly relays = new Relays();
  private readonly receiveTimes = new ReceiveTimes();
  private readonly lookup: SiteLookup;

  constructor(
    private readonly log: EventLog,
    private readonly policy: SamplingPolicy,
  ) {
    this.lookup = new SiteLookup(policy);
  }

  /**
   * Sends one message through `call` (to `target`), recording it at the caller of `caller`. Errors reach the caller
   * as before.
   */
  send(
    channel: Channel,
    target: object,
    args: unknown[],
    transfer: readonly unknown[] | undefined,
    original: Function,
    caller: Function,
  ): unknown {
    if (this.sending) return Reflect.apply(original, target, args);
    this.sending = true;
    let young = false;
    try {
      const site = this.siteOf(channel, target, args[0], transfer, caller);
      if (site === INTERNAL) return Reflect.apply(original, target, args);
      this.pending.hold();
      const state = this.stateFor(site, channel);
      const stats = state.stats;
      if (site.library !== null && channel.serialization === 'structured-clone')
        this.receiveTimes.sent(args[0], stats.site);
      const ordinal = ++stats.ordinal;
      young = ordinal <= WRITTEN_AT_ONCE;
      if (ordinal === state.nextMeasured) {
        state.nextMeasured = nextMeasured(this.policy, ordinal);
        const weight = measuredWeight(this.policy, ordinal);
        return this.sendMeasured(state, site, channel, weight, { target, args, transfer, original, caller });
      }
      // Most messages are only counted: nothing is read of them, no clock either.
      if (channel.direction === 'result' && site.library !== null) this.busy.replied();
      const result = this.guarded(state, channel, site.library, original, target, args, caller);
      stats.countMessage();
      return result;
    } finally {
      this.sending = false;
      if (young || ((++this.sentSinceClockCheck & 255) === 0 && now() - this.lastFlushAt >= FLUSH_AT_LEAST_EVERY_MS))
        this.flush();
      else if (!this.timer) this.scheduleFlush();
    }
  }

  /**
   * A measured message: serialized aside for its size (and read back, for some, for the receiving side's time), its
   * findings read, and its send timed; it stands for `weight` messages of its site.
   */
  private sendMeasured(state: SiteState, site: SendSite, channel: Channel, weight: number, call: SendCall): unknown {
    const { target, args, transfer, original, caller } = call;
    const stats = state.stats;
    const value = args[0];
    const payload = payloadOf(site.library, value);
    // A reply's first lookup (it reads where its task function is defined) is the recorder's time, not the task's.
    if (channel.direction === 'result') this.busy.noteRecorderWork(this.lookup.replies.takeLookupMs());
    const busyMs = channel.direction === 'result' && site.library !== null ? this.busy.measuredReply() : undefined;
    const entered = now();
    const before = channel.transfers ? transferBefore(transfer) : [];
    const aside = measureAside(
      value,
      channel.serialization,
      state.readBacks++ < READ_BACK_FIRST || state.readBacks % READ_BACK_EVERY === 0,
      channel.transfers ? transfer : undefined,
    );
    // Findings are read before the send: a transfer detaches what it moves, and the receiver may end this
    // thread as soon as the message arrives.
    if (channel.serialization === 'json') {
      if (state.jsonChecks++ < JSON_CHECKS_PER_SITE && !plainJson(payload)) {
        for (const finding of walkers().jsonFindings(payload)) stats.addFinding(finding);
      }
    }
    const binaries = channel.serialization === 'json' ? [] : binaryValuesOf(payload);
    for (const finding of binaryFindings(binaries, transfer, channel, site.library)) stats.addFinding(finding);
    if (aside) for (const finding of state.repeats.check(payload, aside.bytes, aside.hash)) stats.addFinding(finding);
    const dragged = draggedBytes(binaries, transfer);
    const start = now();
    const result = this.guarded(state, channel, site.library, original, target, args, caller);
    const callMs = now() - start;
    const ignored = ignoredTransfers(before);
    const moved =
      before.reduce((sum, [, length]) => sum + length, 0) - ignored.reduce((sum, finding) => sum + finding.bytes, 0);
    stats.countMessage();
    stats.addMeasured(aside ? Math.max(0, aside.bytes + dragged - moved) : 0, callMs, aside?.deserializeMs, weight);
    if (busyMs !== undefined) stats.addRunMs(busyMs);
    for (const finding of ignored) stats.addFinding(finding);
    this.busy.noteRecorderWork(now() - entered - callMs);
    return result;
  }

  /**
   * The message's site, or INTERNAL when it is not recorded here: Node's own traffic, and the in-thread hops of
   * a message relayed to or from a child process (it is recorded once, as the child channel's message).
   */
  private siteOf(
    channel: Channel,
    target: object,
    value: unknown,
    transfer: readonly unknown[] | undefined,
    caller: Function,
  ): ReturnType<SiteLookup['locate']> {
    const relay = channel.name === 'MessagePort.postMessage' ? this.relays.kindOf(target) : undefined;
    if (relay === 'relay-out') return INTERNAL;
    if (channel.name === 'ChildProcess.send') {
      this.relays.sentToChild(value);
      const relayed = this.relays.takeRelayed();
      if (relayed) return relayed;
    }
    const site = this.lookup.locateMessage(target, value, transfer !== undefined && transfer.length > 0, caller);
    // Starting a worker is no task, though a pool may start one inside `pool.run`: a site of its own.
    if (site !== INTERNAL && site.library !== null && isWorkerStart(value)) return { ...site, api: 'worker start' };
    if (relay === 'relay-in') {
      if (site !== INTERNAL) this.relays.queue(target, site);
      return INTERNAL;
    }
    return site;
  }

  /** Calls the send; a refusal is recorded at the line read from the stack (not the target's usual site). */
  private guarded(
    state: SiteState,
    channel: Channel,
    library: string | null,
    original: Function,
    target: object,
    args: unknown[],
    caller: Function,
  ): unknown {
    try {
      return Reflect.apply(original, target, args);
    } catch (error) {
      const facts = walkers().sendFailure(error, payloadOf(library, args[0]), channel.serialization);
      const exact = facts ? this.lookup.exact(caller) : INTERNAL;
      if (facts) this.recordFailure(exact === INTERNAL ? state : this.stateFor(exact, channel), facts);
      throw error;
    }
  }

  private recordFailure(state: SiteState, facts: Omit<FailureEvent, 't' | 'pid' | 'site'>): void {
    const key = `${facts.kind}\0${facts.path}`;
    const known = state.failures.get(key);
    if (known) {
      known.count = (known.count ?? 1) + 1;
      if (known.count > FAILURES_WRITTEN) return;
    }
    const event: FailureEvent = { t: 'failure', pid: process.pid, site: state.stats.site.site, ...facts, count: 1 };
    if (!known) state.failures.set(key, event);
    this.flush();
    this.log.add(event);
    this.log.flush();
  }

  private stateFor(site: SendSite, channel: Channel): SiteState {
    const known = this.stateOfSite.get(site);
    const same = known?.stats.site;
    if (known && same!.channel === channel.name && same!.direction === channel.direction && same!.api === site.api)
      return known;
    const key = `${site.file}:${site.line}:${site.column}:${channel.name}:${channel.direction}:${site.api}`;
    let state = this.sites.get(key);
    if (!state) {
      const event: SiteEvent = {
        t: 'site',
        pid: process.pid,
        site: `s${this.nextSite++}`,
        file: site.file,
        line: site.line,
        column: site.column,
        channel: channel.name,
        serialization: channel.serialization,
        library: site.library,
        api: site.api,
        direction: channel.direction,
      };
      this.log.add(event);
      state = {
        stats: new SiteStats(event),
        nextMeasured: nextMeasured(this.policy, 0),
        repeats: new RepeatWatch(),
        jsonChecks: 0,
        readBacks: 0,
        failures: new Map(),
      };
      this.sites.set(key, state);
    }
    this.stateOfSite.set(site, state);
    return state;
  }

  /** A message this thread received (a pool worker's task names the function whose reply follows). */
  received(message: unknown, readMs: number | undefined): void {
    this.lookup.replies.received(message);
    if (readMs !== undefined) this.receiveTimes.received(message, readMs);
  }

  dispatching(port: object): void {
    this.relays.dispatch(port);
  }

  dispatched(): void {
    this.relays.dispatched();
  }

  /** Whether anything recorded has not reached the file yet. */
  get dirty(): boolean {
    for (const { stats } of this.sites.values()) if (stats.dirty) return true;
    return this.receiveTimes.dirty;
  }

  private lastFlushAt = now();
  private sentSinceClockCheck = 0;

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, FLUSH_AFTER_MS);
    this.timer.unref();
  }

  flush(): void {
    this.lastFlushAt = now();
    for (const { stats } of this.sites.values()) {
      if (!stats.dirty) continue;
      for (const event of stats.drain()) this.log.add(event);
    }
    for (const event of this.receiveTimes.drain()) this.log.add(event);
    this.log.flush();
    this.pending.written();
  }

  finish(code: number): void {
    this.flush();
    this.log.add({ t: 'exit', pid: process.pid, code });
    this.log.close();
  }
}
