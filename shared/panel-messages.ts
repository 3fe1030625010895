/**
 * What the results panel and the extension say to each other, declared once for both sides (types and
 * guards only: no `vscode`, no DOM). Both sides validate every message they receive.
 */
import type { ProfileReport, SourceLocation } from './report';

/** The runs of one function, newest first. */
export interface PanelEntry {
  key: string;
  file: string;
  functionName: string;
  displayName: string;
  reports: ProfileReport[];
  /** The file changed since the latest run: its verdict may no longer hold. */
  stale?: boolean;
}

export interface PanelState {
  entries: PanelEntry[];
  /** The entry to scroll to after rendering. */
  focus?: string;
  /** The workspace folders: paths under them are shown relative to them. */
  roots?: string[];
}

export type ExportFormat = 'json' | 'markdown';
export type ExportAction = 'copy' | 'save';

export type ToPanel = { type: 'state'; state: PanelState };

export type FromPanel =
  | { type: 'ready' }
  | { type: 'rendered'; functions: string[]; rows: number }
  | { type: 'openSource'; location: SourceLocation }
  | { type: 'export'; key: string; format: ExportFormat; action: ExportAction }
  | { type: 'rerun'; key: string }
  | { type: 'editArgs'; key: string };

export const MAX_HISTORY = 10;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A record whose every named field is a string. */
function hasStrings(value: unknown, ...keys: string[]): value is Record<string, unknown> {
  return isRecord(value) && keys.every((key) => typeof value[key] === 'string');
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

export function isSourceLocation(value: unknown): value is SourceLocation {
  return (
    isRecord(value) &&
    typeof value.file === 'string' &&
    value.file !== '' &&
    isPositiveInteger(value.line) &&
    isPositiveInteger(value.column)
  );
}

function isReport(value: unknown): value is ProfileReport {
  return (
    hasStrings(value, 'file', 'function', 'argsExpression') &&
    Array.isArray(value.results) &&
    value.results.every((r) => isRecord(r) && typeof r.mode === 'string' && (r.status === 'ok' || r.status === 'error'))
  );
}

function isEntry(value: unknown): value is PanelEntry {
  return (
    hasStrings(value, 'key', 'file', 'functionName', 'displayName') &&
    Array.isArray(value.reports) &&
    value.reports.length > 0 &&
    value.reports.every(isReport)
  );
}

export function isPanelState(value: unknown): value is PanelState {
  return (
    isRecord(value) &&
    Array.isArray(value.entries) &&
    value.entries.every(isEntry) &&
    (value.focus === undefined || typeof value.focus === 'string') &&
    (value.roots === undefined || (Array.isArray(value.roots) && value.roots.every((root) => typeof root === 'string')))
  );
}

export function isToPanel(value: unknown): value is ToPanel {
  return isRecord(value) && value.type === 'state' && isPanelState(value.state);
}

export function isFromPanel(value: unknown): value is FromPanel {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'rendered':
      return (
        Array.isArray(value.functions) &&
        value.functions.every((f) => typeof f === 'string') &&
        typeof value.rows === 'number'
      );
    case 'openSource':
      return isSourceLocation(value.location);
    case 'export':
      return (
        typeof value.key === 'string' &&
        (value.format === 'json' || value.format === 'markdown') &&
        (value.action === 'copy' || value.action === 'save')
      );
    case 'rerun':
    case 'editArgs':
      return typeof value.key === 'string';
    default:
      return false;
  }
}
