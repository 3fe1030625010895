/**
 * The lines of a trace directory's event files (docs/trace-format.md): written by the recorders of every
 * runtime, read back by the report builder. Node and Python recorders write the same shapes.
 */
import type { SourceLocation } from '../protocol/report';

export type Runtime = 'node' | 'python';
export type Direction = 'task' | 'result';

export const FINDING_KINDS = [
  'repeated-large-value',
  'transferable-copied',
  'pooled-buffer',
  'transfer-ignored',
  'json-changed-value',
  'serialize-exceeds-work',
  'large-closure',
  'result-larger-than-args',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface ProcessEvent {
  t: 'process';
  pid: number;
  ppid: number;
  runtime: Runtime;
  argv: string[];
  threadId: number;
  startedAt: number;
}

export interface SiteEvent {
  t: 'site';
  pid: number;
  site: string;
  file: string;
  line: number;
  column: number;
  channel: string;
  serialization: string;
  library: string | null;
  api: string | null;
  direction: Direction;
}

export interface MessagesEvent {
  t: 'messages';
  pid: number;
  site: string;
  count: number;
  measured: number;
  bytes: { total: number; max: number };
  bytesSamples: number[];
  serializeMs: number;
  deserializeMs: number | null;
  deserializeEstimated: boolean;
  runMs: number | null;
  /** The pickle protocol of the measured messages (the highest, when they differ); Python recorders only. */
  protocol?: number | null;
  /** Buffers sent beside the pickle stream (included in `bytes`), over the measured messages; Python only. */
  outOfBand?: OutOfBand;
  /**
   * When sampling is not uniform: each measured message weighted by the messages it stands for (itself and the
   * unmeasured ones since its site's previous measured one); totals are extrapolated from these.
   */
  weighted?: Weighted;
}

export interface Weighted {
  messages: number;
  bytes: number;
  serializeMs: number;
}

export interface OutOfBand {
  buffers: number;
  bytes: number;
}

export interface FailureEvent {
  t: 'failure';
  pid: number;
  site: string;
  kind: string;
  message: string;
  path: string | null;
  location: SourceLocation | null;
  /** How many times this failure happened when written, the last of several events for the same one (default 1). */
  count?: number;
}

export interface FindingEvent {
  t: 'finding';
  pid: number;
  site: string;
  kind: FindingKind;
  path: string;
  message: string;
  fix: string;
  bytes: number;
  count: number;
}

/**
 * Deserialize time measured on the receiving thread, for messages of a site of another thread of the same
 * process (`thread` names it; `site` is an id of that thread's event file).
 */
export interface DeserializedEvent {
  t: 'deserialized';
  pid: number;
  thread: number;
  site: string;
  count: number;
  ms: number;
}

export interface ExitEvent {
  t: 'exit';
  pid: number;
  code: number;
}

export type TraceEvent =
  ProcessEvent | SiteEvent | MessagesEvent | FailureEvent | FindingEvent | DeserializedEvent | ExitEvent;

/** Environment variables shared by the CLI and every recorder. */
export const TRACE_DIR_VARIABLE = 'SERIAL_PROFILE_TRACE_DIR';
export const SAMPLE_VARIABLE = 'SERIAL_PROFILE_SAMPLE';
export const SAMPLE_EVERY_VARIABLE = 'SERIAL_PROFILE_SAMPLE_EVERY';
export const DEFAULT_SAMPLE_FIRST = 16;
export const DEFAULT_SAMPLE_EVERY = 20;
/** A value at least this large, sent again, is worth sending once. */
export const LARGE_VALUE_BYTES = 64 * 1024;
