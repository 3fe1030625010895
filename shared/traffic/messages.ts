/** What the Traffic view and the extension say to each other (types and guards only: no `vscode`, no DOM). */
import type { TraceLocation, TraceReport } from './trace-report';

export interface RecordingView {
  id: string;
  label: string;
  source: string;
  openedAt: number;
  report: TraceReport;
}

export interface TrafficShow {
  type: 'show';
  current: RecordingView;
  /** The other recordings of the session, to compare with. */
  others: { id: string; label: string; openedAt: number }[];
  compare?: RecordingView;
  /** A site key to scroll to and highlight. */
  focus?: string;
  roots: string[];
  /** Milliseconds the extension spent reading and indexing the report. */
  loadMs: number;
}

export type SortKey = 'bytes' | 'serializeMs' | 'messages' | 'failures' | 'site';

/** Kept by the webview (setState) and handed back when the editor restores the view. */
export interface TrafficViewState {
  sources: string[];
  sort: SortKey;
  descending: boolean;
  compareSource?: string;
}

/** After a draw: the extension's own time from reading the report to the view drawn (its clock, not the view's). */
export interface TrafficTiming {
  type: 'timing';
  loadMs: number;
  shownMs: number;
}

export type ToTraffic = TrafficShow | TrafficTiming;

export type FromTraffic =
  | { type: 'ready' }
  | { type: 'rendered'; sites: number; renderMs: number }
  | { type: 'openSource'; location: TraceLocation; quickFix: boolean }
  | { type: 'export'; format: 'json' | 'markdown'; action: 'copy' | 'save' }
  | { type: 'compare'; id: string | null };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SORT_KEYS: readonly string[] = ['bytes', 'serializeMs', 'messages', 'failures', 'site'];

export function isTrafficViewState(value: unknown): value is TrafficViewState {
  return (
    isRecord(value) &&
    Array.isArray(value.sources) &&
    value.sources.every((s) => typeof s === 'string') &&
    typeof value.sort === 'string' &&
    SORT_KEYS.includes(value.sort) &&
    typeof value.descending === 'boolean' &&
    (value.compareSource === undefined || typeof value.compareSource === 'string')
  );
}

export function isFromTraffic(value: unknown): value is FromTraffic {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'rendered':
      return typeof value.sites === 'number' && typeof value.renderMs === 'number';
    case 'openSource':
      return (
        isRecord(value.location) &&
        typeof value.location.file === 'string' &&
        typeof value.location.line === 'number' &&
        typeof value.quickFix === 'boolean'
      );
    case 'export':
      return (
        (value.format === 'json' || value.format === 'markdown') && (value.action === 'copy' || value.action === 'save')
      );
    case 'compare':
      return value.id === null || typeof value.id === 'string';
    default:
      return false;
  }
}

export function isToTraffic(value: unknown): value is ToTraffic {
  if (isRecord(value) && value.type === 'timing')
    return typeof value.loadMs === 'number' && typeof value.shownMs === 'number';
  return isRecord(value) && value.type === 'show' && isRecord(value.current) && isRecord(value.current.report);
}
