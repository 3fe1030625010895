import type { RecordedFailure, RecordedFinding, RecordedSite } from './report-types';
import type {
  FailureEvent,
  FindingEvent,
  MessagesEvent,
  OutOfBand,
  Runtime,
  SiteEvent,
  Weighted,
} from './trace-events';

const SAMPLES_KEPT = 4096;

/** One send site's events from every process and thread of the run, added up. */
export class SiteTotals {
  private messages = 0;
  private measured = 0;
  private measuredBytes = 0;
  private maxBytes = 0;
  private samples: number[] = [];
  private serializeMs = 0;
  private deserializeMs: number | null = null;
  private deserializeEstimated = false;
  private runMs: number | null = null;
  private protocol: number | null = null;
  private outOfBand: OutOfBand | null = null;
  /** The weighted figures, while every event with measured messages has carried them. */
  private weighted: Weighted | null = { messages: 0, bytes: 0, serializeMs: 0 };
  /** Deserialize times measured by the receiving thread, for `received` of this site's messages. */
  private received = 0;
  private receivedMs = 0;
  private readonly failures = new Map<string, RecordedFailure>();
  private readonly findings = new Map<string, RecordedFinding>();

  constructor(
    readonly site: SiteEvent,
    readonly runtime: Runtime,
  ) {}

  addMessages(event: MessagesEvent): void {
    this.messages += event.count;
    this.measured += event.measured;
    this.measuredBytes += event.bytes.total;
    if (event.measured > 0)
      this.weighted = event.weighted && this.weighted ? addWeighted(this.weighted, event.weighted) : null;
    this.maxBytes = Math.max(this.maxBytes, event.bytes.max);
    this.samples.push(...event.bytesSamples);
    if (this.samples.length > SAMPLES_KEPT) this.samples = this.samples.filter((_, index) => index % 2 === 0);
    this.serializeMs += event.serializeMs;
    if (event.deserializeMs !== null) this.deserializeMs = (this.deserializeMs ?? 0) + event.deserializeMs;
    this.deserializeEstimated ||= event.deserializeEstimated;
    if (event.runMs !== null) this.runMs = (this.runMs ?? 0) + event.runMs;
    if (typeof event.protocol === 'number') this.protocol = Math.max(this.protocol ?? 0, event.protocol);
    if (event.outOfBand) {
      const known = this.outOfBand ?? { buffers: 0, bytes: 0 };
      this.outOfBand = { buffers: known.buffers + event.outOfBand.buffers, bytes: known.bytes + event.outOfBand.bytes };
    }
  }

  addDeserialized(count: number, ms: number): void {
    this.received += count;
    this.receivedMs += ms;
  }

  /** A failure event counts once, or `count` times when it carries the total so far (then it replaces the earlier). */
  addFailure(event: FailureEvent): void {
    const key = `${event.kind}\0${event.path}`;
    const known = this.failures.get(key);
    const count = event.count ?? 1;
    if (!known) {
      this.failures.set(key, {
        kind: event.kind,
        message: event.message,
        path: displayPath(event.path),
        count,
        location: event.location,
      });
    } else {
      known.count = event.count === undefined ? known.count + 1 : Math.max(known.count, count);
    }
  }

  addFinding(event: Omit<FindingEvent, 't' | 'pid' | 'site'>): void {
    const key = `${event.kind}\0${event.path}`;
    const known = this.findings.get(key);
    if (known) {
      known.count += event.count;
      known.bytes = Math.max(known.bytes, event.bytes);
    } else {
      this.findings.set(key, {
        kind: event.kind,
        path: displayPath(event.path) ?? '',
        message: event.message,
        fix: event.fix,
        bytes: event.bytes,
        count: event.count,
      });
    }
  }

  get measuredCount(): number {
    return this.measured;
  }

  /** Per-message figures of the measured messages, for comparing a site's serialization with its work. */
  get perMessage(): { serializeMs: number; deserializeMs: number; runMs: number | null } {
    const measured = Math.max(1, this.measured);
    return {
      serializeMs: this.serializeMs / measured,
      deserializeMs: this.received > 0 ? this.receivedMs / this.received : (this.deserializeMs ?? 0) / measured,
      runMs: this.runMs === null ? null : this.runMs / measured,
    };
  }

  toReport(durationMs: number): RecordedSite {
    const scale = this.measured > 0 ? this.messages / this.measured : 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    // Each measured message stands for the messages it was chosen from, when the recorder says how many.
    const weighted = this.weighted !== null && this.weighted.messages > 0 ? this.weighted : null;
    const weightedScale = weighted ? this.messages / weighted.messages : 0;
    const serializeMs = weighted ? weighted.serializeMs * weightedScale : this.serializeMs * scale;
    const bytesTotal = weighted ? weighted.bytes * weightedScale : this.measuredBytes * scale;
    const deserializeMs =
      this.received > 0
        ? (this.receivedMs / this.received) * this.messages
        : this.deserializeMs === null
          ? null
          : this.deserializeMs * scale;
    const { file, line, column, channel, serialization, library, api, direction } = this.site;
    return {
      file,
      line,
      column,
      channel,
      serialization,
      library,
      api,
      direction,
      runtime: this.runtime,
      messages: this.messages,
      measured: this.measured,
      bytes: {
        total: Math.round(bytesTotal),
        p50: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        max: this.maxBytes,
        estimated: this.measured < this.messages,
      },
      serializeMs: round(serializeMs),
      deserializeMs: deserializeMs === null ? null : round(deserializeMs),
      deserializeEstimated: this.received > 0 ? false : this.deserializeEstimated,
      runMs: this.runMs === null ? null : round(this.runMs * scale),
      protocol: this.protocol,
      outOfBand: this.outOfBand && {
        buffers: Math.round(this.outOfBand.buffers * scale),
        bytes: Math.round(this.outOfBand.bytes * scale),
      },
      shareOfWall: durationMs > 0 ? round((serializeMs + (deserializeMs ?? 0)) / durationMs, 4) : 0,
      failures: [...this.failures.values()],
      findings: [...this.findings.values()],
    };
  }
}

function addWeighted(sum: Weighted, more: Weighted): Weighted {
  return {
    messages: sum.messages + more.messages,
    bytes: sum.bytes + more.bytes,
    serializeMs: sum.serializeMs + more.serializeMs,
  };
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Paths read from the value the user sent: `.cb`, `[1].handlers[0]`; the whole value is `''`. */
function displayPath(path: string | null): string | null {
  if (path === null || path === '' || path.startsWith('[') || path.startsWith('.') || path.startsWith('(')) return path;
  return `.${path}`;
}
