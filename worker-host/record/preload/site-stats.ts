import type { FindingEvent, MessagesEvent, SiteEvent, Weighted } from '../trace-events';

const SAMPLES_PER_EVENT = 256;

/** One send site's figures since its last `messages` event; `ordinal` counts every message ever sent. */
export class SiteStats {
  ordinal = 0;
  private count = 0;
  private measured = 0;
  private bytesTotal = 0;
  private bytesMax = 0;
  private samples: number[] = [];
  private sampleStride = 1;
  private sampleSkip = 0;
  private serializeMs = 0;
  /** Read-backs over the site's life: their mean is each measured message's deserialize estimate. */
  private deserializeMs = 0;
  private readBack = 0;
  private deserializedMeasured = 0;
  private runMs: number | null = null;
  private weighted: Weighted = { messages: 0, bytes: 0, serializeMs: 0 };
  /** Findings merged by kind and path until the next flush. */
  private readonly findings = new Map<string, FindingEvent>();

  constructor(readonly site: SiteEvent) {}

  get dirty(): boolean {
    return this.count > 0 || this.findings.size > 0;
  }

  countMessage(): void {
    this.count++;
  }

  /**
   * `deserializeMs` undefined: not read back this time (the total is extrapolated from those that were); `weight`:
   * the messages this one stands for.
   */
  addMeasured(bytes: number, serializeMs: number, deserializeMs: number | undefined, weight: number): void {
    this.measured++;
    this.weighted.messages += weight;
    this.weighted.bytes += bytes * weight;
    this.weighted.serializeMs += serializeMs * weight;
    this.bytesTotal += bytes;
    if (bytes > this.bytesMax) this.bytesMax = bytes;
    this.serializeMs += serializeMs;
    if (deserializeMs !== undefined) {
      this.readBack++;
      this.deserializeMs += deserializeMs;
    }
    this.deserializedMeasured++;
    this.keepSample(bytes);
  }

  addRunMs(ms: number): void {
    this.runMs = (this.runMs ?? 0) + ms;
  }

  addFinding(finding: Omit<FindingEvent, 't' | 'pid' | 'site' | 'count'>): void {
    const key = `${finding.kind}\0${finding.path}`;
    const known = this.findings.get(key);
    if (known) {
      known.count++;
      known.bytes = Math.max(known.bytes, finding.bytes);
    } else {
      this.findings.set(key, { t: 'finding', pid: this.site.pid, site: this.site.site, count: 1, ...finding });
    }
  }

  /** Evenly spread sizes: when full, every other one goes and only every other later one is kept. */
  private keepSample(bytes: number): void {
    if (this.sampleSkip++ % this.sampleStride !== 0) return;
    this.samples.push(bytes);
    if (this.samples.length >= SAMPLES_PER_EVENT) {
      this.samples = this.samples.filter((_, index) => index % 2 === 0);
      this.sampleStride *= 2;
    }
  }

  /** The events that carry what happened since the last drain, and a fresh start. */
  drain(): (MessagesEvent | FindingEvent)[] {
    const events: (MessagesEvent | FindingEvent)[] = [];
    if (this.count > 0) {
      events.push({
        t: 'messages',
        pid: this.site.pid,
        site: this.site.site,
        count: this.count,
        measured: this.measured,
        bytes: { total: this.bytesTotal, max: this.bytesMax },
        bytesSamples: this.samples,
        serializeMs: round(this.serializeMs),
        deserializeMs:
          this.readBack === 0
            ? this.measured === 0
              ? 0
              : null
            : round((this.deserializeMs / this.readBack) * this.deserializedMeasured),
        deserializeEstimated: true,
        runMs: this.runMs === null ? null : round(this.runMs),
        weighted: { ...this.weighted, serializeMs: round(this.weighted.serializeMs) },
      });
    }
    events.push(...this.findings.values());
    this.findings.clear();
    this.count = this.measured = this.bytesTotal = this.bytesMax = this.serializeMs = this.deserializedMeasured = 0;
    this.samples = [];
    this.sampleStride = 1;
    this.sampleSkip = 0;
    this.runMs = null;
    this.weighted = { messages: 0, bytes: 0, serializeMs: 0 };
    return events;
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
