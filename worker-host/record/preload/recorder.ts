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

/** Flush this long after the last unflushed message (so a short run, or a worker about to be ended, loses nothing). */
export const FLUSH_AFTER_MS = 100;
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
  private busy = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: EventLog, private readonly policy: SamplingPolicy) {}

  /** Sends one message through `call`, recording it at the caller of `caller`. Errors reach the caller as before. */
  send<T>(channel: Channel, value: unknown, transfer: readonly unknown[] | undefined, call: () => T, caller: Function): T {
    if (this.busy) return call();
    const frames = captureFrames(caller);
    const first = frames[0]?.getFileName();
    // Node's own messages (worker stdio, cluster) are not the program's traffic.
    if (!first || first.startsWith('node:internal/') || first === __filename) return call();
    this.busy = true;
    try {
      const site = sendSiteOf(frames);
      const state = this.stateFor(site, channel);
      const stats = state.stats;
      stats.ordinal++;
      const payload = payloadOf(site.library, value);
      if (!isMeasured(this.policy, stats.ordinal)) {
        const result = this.guarded(state, channel, payload, call);
        stats.countMessage();
        return result;
      }
      const before = channel.transfers ? transferBefore(transfer) : [];
      const transferredBytes = before.reduce((sum, [, length]) => sum + length, 0);
      const aside = measureAside(value, channel.serialization, transferredBytes);
      const start = performance.now();
      const result = this.guarded(state, channel, payload, call);
      const callMs = performance.now() - start;
      stats.countMessage();
      stats.addMeasured(aside?.bytes ?? 0, callMs, aside?.deserializeMs ?? 0);
      const runMs = runTimeOf(site.library, value);
      if (runMs !== undefined) stats.addRunMs(runMs);
      for (const finding of ignoredTransfers(before)) stats.addFinding(finding);
      if (channel.serialization === 'json') {
        if (state.jsonChecks++ < JSON_CHECKS_PER_SITE) for (const finding of jsonFindings(payload)) stats.addFinding(finding);
      } else {
        for (const finding of binaryFindings(payload, transfer, channel, site.library)) stats.addFinding(finding);
      }
      if (aside) for (const finding of state.repeats.check(payload, aside.bytes, aside.hash)) stats.addFinding(finding);
      return result;
    } finally {
      this.busy = false;
      this.scheduleFlush();
    }
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

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, FLUSH_AFTER_MS);
    this.timer.unref();
  }

  flush(): void {
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

/** The task's own run time, when the library reports it in its reply (piscina's `time`, in ms). */
function runTimeOf(library: string | null, value: unknown): number | undefined {
  if (library !== 'piscina' && library !== 'tinypool') return undefined;
  if (typeof value !== 'object' || value === null || !('taskId' in value)) return undefined;
  const time = (value as { time?: unknown }).time;
  return typeof time === 'number' ? time : undefined;
}

