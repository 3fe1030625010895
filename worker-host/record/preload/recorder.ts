import { performance } from 'node:perf_hooks';
import type { FailureEvent, SiteEvent } from '../trace-events';
import { captureFrames, sendSiteOf, type SendSite } from './call-site';
import type { Channel } from './channels';
import { EventLog } from './event-log';
import { sendFailure } from './failure';
import { binaryFindings, ignoredTransfers, jsonFindings, RepeatWatch, transferBefore } from './findings';
import { measureAside } from './measure';
import { payloadOf } from './library-messages';
import { isMeasured, type SamplingPolicy } from './sampling';
import { SiteStats } from './site-stats';
import { BusyTime } from './busy-time';
import { LibraryCalls } from './library-calls';

/** Flush this long after the last unflushed message (so a short run, or a worker about to be ended, loses nothing). */
export const FLUSH_AFTER_MS = 100;
/** A site's first messages are written at once (a program killed early still shows them); later ones in batches. */
const WRITTEN_AT_ONCE = 32;
/** A program that never yields to the timer still writes this often. */
const FLUSH_AT_LEAST_EVERY_MS = 1000;
/** Each site's JSON loss walk runs on this many of its first measured messages. */
const JSON_CHECKS_PER_SITE = 20;
/** The same failure (site, kind, path) is written this many times, then only counted. */
const FAILURES_WRITTEN = 5;

interface SiteState {
  stats: SiteStats;
  repeats: RepeatWatch;
  jsonChecks: number;
  failures: Map<string, FailureEvent>;
}

/** This thread's recorder: sites, their figures, and the event file they go to. */
export class Recorder {
  private readonly sites = new Map<string, SiteState>();
  private nextSite = 1;
  private sending = false;
  private timer: NodeJS.Timeout | undefined;

  /** Time this thread works between its replies, the run time a pool library does not report itself. */
  readonly busy = new BusyTime();
  private readonly libraryCalls = new LibraryCalls();

  constructor(private readonly log: EventLog, private readonly policy: SamplingPolicy) {}

  /** Sends one message through `call`, recording it at the caller of `caller`. Errors reach the caller as before. */
  send<T>(channel: Channel, value: unknown, transfer: readonly unknown[] | undefined, call: () => T, caller: Function): T {
    if (this.sending) return call();
    const frames = captureFrames(caller);
    const first = frames[0]?.getFileName();
    // Node's own messages (worker stdio, cluster) are not the program's traffic.
    if (!first || first.startsWith('node:internal/') || first === __filename) return call();
    this.sending = true;
    const entered = performance.now();
    let young = false;
    try {
      const site = this.attributed(sendSiteOf(frames), frames, value);
      const state = this.stateFor(site, channel);
      const stats = state.stats;
      stats.ordinal++;
      young = stats.ordinal <= WRITTEN_AT_ONCE;
      const payload = payloadOf(site.library, value);
      const busyMs = channel.direction === 'result' && site.library !== null ? this.busy.reply() : undefined;
      if (!isMeasured(this.policy, stats.ordinal)) {
        const result = this.guarded(state, channel, payload, call);
        stats.countMessage();
        return result;
      }
      const before = channel.transfers ? transferBefore(transfer) : [];
      const aside = measureAside(value, channel.serialization);
      const start = performance.now();
      const result = this.guarded(state, channel, payload, call);
      const callMs = performance.now() - start;
      const ignored = ignoredTransfers(before);
      const moved = before.reduce((sum, [, length]) => sum + length, 0) - ignored.reduce((sum, finding) => sum + finding.bytes, 0);
      stats.countMessage();
      stats.addMeasured(aside ? Math.max(0, aside.bytes - moved) : 0, callMs, aside?.deserializeMs ?? 0);
      if (busyMs !== undefined) stats.addRunMs(busyMs);
      for (const finding of ignored) stats.addFinding(finding);
      if (channel.serialization === 'json') {
        if (state.jsonChecks++ < JSON_CHECKS_PER_SITE) for (const finding of jsonFindings(payload)) stats.addFinding(finding);
      } else {
        for (const finding of binaryFindings(payload, transfer, channel, site.library)) stats.addFinding(finding);
      }
      if (aside) for (const finding of state.repeats.check(payload, aside.bytes, aside.hash)) stats.addFinding(finding);
      this.busy.noteRecorderWork(performance.now() - entered - callMs);
      return result;
    } finally {
      this.sending = false;
      if (young || performance.now() - this.lastFlushAt >= FLUSH_AT_LEAST_EVERY_MS) this.flush();
      else this.scheduleFlush();
    }
  }

  /** A library's send without a user frame goes to the line whose `pool.run` queued that task. */
  private attributed(site: SendSite, frames: readonly NodeJS.CallSite[], value: unknown): SendSite {
    if (site.library === null) return site;
    this.libraryCalls.watch(frames);
    const payload = payloadOf(site.library, value);
    const queued = this.libraryCalls.take(site.library, payload);
    return site.user ? site : queued ?? site;
  }

  private guarded<T>(state: SiteState, channel: Channel, payload: unknown, call: () => T): T {
    try {
      return call();
    } catch (error) {
      const facts = sendFailure(error, payload, channel.serialization);
      if (facts) this.recordFailure(state, facts);
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
    const key = `${site.file}:${site.line}:${site.column}:${channel.name}:${channel.direction}`;
    let state = this.sites.get(key);
    if (!state) {
      const event: SiteEvent = {
        t: 'site', pid: process.pid, site: `s${this.nextSite++}`, file: site.file, line: site.line, column: site.column,
        channel: channel.name, serialization: channel.serialization, library: site.library, api: site.api,
        direction: channel.direction,
      };
      this.log.add(event);
      state = { stats: new SiteStats(event), repeats: new RepeatWatch(), jsonChecks: 0, failures: new Map() };
      this.sites.set(key, state);
    }
    return state;
  }

  /** Whether anything recorded has not reached the file yet. */
  get dirty(): boolean {
    for (const { stats } of this.sites.values()) if (stats.dirty) return true;
    return false;
  }

  private lastFlushAt = performance.now();

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, FLUSH_AFTER_MS);
    this.timer.unref();
  }

  flush(): void {
    this.lastFlushAt = performance.now();
    for (const { stats } of this.sites.values()) {
      if (!stats.dirty) continue;
      for (const event of stats.drain()) this.log.add(event);
    }
    this.log.flush();
  }

  finish(code: number): void {
    this.flush();
    this.log.add({ t: 'exit', pid: process.pid, code });
    this.log.close();
  }
}
