/** The report of a recorded run (`--json`, `--out`): docs/trace-format.md. */
import type { SourceLocation } from '../protocol/report';
import type { Direction, FindingKind, Runtime } from './trace-events';

export interface RecordReport {
  version: 1;
  command: string[];
  exitCode: number;
  /** The signal that ended the command, when one did (exitCode is then 128 + its number). */
  signal: string | null;
  durationMs: number;
  processes: number;
  messages: number;
  messagesMeasured: number;
  sites: RecordedSite[];
}

export interface RecordedSite {
  file: string;
  line: number;
  column: number;
  channel: string;
  serialization: string;
  library: string | null;
  api: string | null;
  direction: Direction;
  runtime: Runtime;
  messages: number;
  measured: number;
  bytes: { total: number; p50: number; p95: number; max: number; estimated: boolean };
  serializeMs: number;
  deserializeMs: number | null;
  deserializeEstimated: boolean;
  runMs: number | null;
  shareOfWall: number;
  failures: RecordedFailure[];
  findings: RecordedFinding[];
}

export interface RecordedFailure {
  kind: string;
  message: string;
  path: string | null;
  count: number;
  location: SourceLocation | null;
}

export interface RecordedFinding {
  kind: FindingKind;
  path: string;
  message: string;
  fix: string;
  bytes: number;
  count: number;
}
