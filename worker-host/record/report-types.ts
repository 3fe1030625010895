/**
 * The report of a recorded run (`--json`, `--out`; docs/trace-format.md) as the report builder makes it: the
 * shared report type (which the editor reads back) with what the builder knows for sure narrowed.
 */
import type { TraceFailure, TraceFinding, TraceReport, TraceSite } from '../../shared/traffic/trace-report';
import type { Direction, FindingKind, Runtime } from './trace-events';

export interface RecordReport extends TraceReport {
  version: 1;
  exitCode: number;
  signal: string | null;
  sites: RecordedSite[];
}

export interface RecordedSite extends TraceSite {
  direction: Direction;
  runtime: Runtime;
  shareOfWall: number;
  protocol: number | null;
  outOfBand: { buffers: number; bytes: number } | null;
  failures: RecordedFailure[];
  findings: RecordedFinding[];
}

export type RecordedFailure = TraceFailure;

export interface RecordedFinding extends TraceFinding {
  kind: FindingKind;
}
