/**
 * The report `serial-profile record` writes (`--json`, `--out`; docs/trace-format.md), as the editor reads it.
 * Types and one validator for both the extension and the Traffic view: no `vscode`, no DOM.
 */

export interface TraceLocation {
  file: string;
  line: number;
  column: number;
}

export interface TraceFailure {
  kind: string;
  message: string;
  path: string | null;
  count: number;
  location: TraceLocation | null;
}

export interface TraceFinding {
  kind: string;
  path: string;
  message: string;
  fix: string;
  bytes: number;
  count: number;
}

export interface TraceSite extends TraceLocation {
  channel: string;
  serialization: string;
  library: string | null;
  api: string | null;
  direction: 'task' | 'result';
  runtime: string;
  messages: number;
  measured: number;
  bytes: { total: number; p50: number; p95: number; max: number; estimated: boolean };
  serializeMs: number;
  deserializeMs: number | null;
  deserializeEstimated: boolean;
  runMs: number | null;
  /** The pickle protocol the site's messages were written with (the highest seen); null when not pickled. */
  protocol?: number | null;
  /**
   * Buffers sent beside the pickle stream (pickle 5's out-of-band buffers, dask's raw frames such as a numpy
   * array's data), for all messages of the site (extrapolated as `bytes`, which includes them); null when the
   * recorder cannot tell (Node).
   */
  outOfBand?: { buffers: number; bytes: number } | null;
  shareOfWall: number | null;
  failures: TraceFailure[];
  findings: TraceFinding[];
}

export interface TraceReport {
  version: number;
  command: string[];
  exitCode: number | null;
  /** The signal that ended the command, when one did (exitCode is then 128 + its number). */
  signal?: string | null;
  durationMs: number;
  processes: number;
  messagesMeasured: number;
  messages: number;
  sites: TraceSite[];
}

/** A report file's reading failed: `where` is the JSON path of the first wrong field. */
export class TraceReportError extends Error {
  constructor(
    readonly where: string,
    what: string,
  ) {
    super(`${where}: ${what}`);
  }
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function record(value: unknown, where: string): Json {
  if (!isRecord(value)) throw new TraceReportError(where, 'expected an object');
  return value;
}

function num(value: unknown, where: string): number {
  if (!isNumber(value)) throw new TraceReportError(where, 'expected a number');
  return value;
}

function optionalNum(value: unknown, where: string): number | null {
  return value === null || value === undefined ? null : num(value, where);
}

function str(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new TraceReportError(where, 'expected a string');
  return value;
}

function optionalStr(value: unknown, where: string): string | null {
  return value === null || value === undefined ? null : str(value, where);
}

function list<T>(value: unknown, where: string, item: (value: unknown, where: string) => T): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TraceReportError(where, 'expected a list');
  return value.map((entry, index) => item(entry, `${where}[${index}]`));
}

function location(value: unknown, where: string): TraceLocation | null {
  if (value === null || value === undefined) return null;
  const raw = record(value, where);
  return {
    file: str(raw.file, `${where}.file`),
    line: num(raw.line, `${where}.line`),
    column: num(raw.column ?? 1, `${where}.column`),
  };
}

function failure(value: unknown, where: string): TraceFailure {
  const raw = record(value, where);
  return {
    kind: str(raw.kind, `${where}.kind`),
    message: str(raw.message, `${where}.message`),
    path: optionalStr(raw.path, `${where}.path`),
    count: num(raw.count ?? 1, `${where}.count`),
    location: location(raw.location, `${where}.location`),
  };
}

function finding(value: unknown, where: string): TraceFinding {
  const raw = record(value, where);
  return {
    kind: str(raw.kind, `${where}.kind`),
    path: str(raw.path ?? '', `${where}.path`),
    message: str(raw.message, `${where}.message`),
    fix: str(raw.fix ?? '', `${where}.fix`),
    bytes: num(raw.bytes ?? 0, `${where}.bytes`),
    count: num(raw.count ?? 1, `${where}.count`),
  };
}

function outOfBand(value: unknown, where: string): TraceSite['outOfBand'] {
  if (value === null || value === undefined) return null;
  const raw = record(value, where);
  return { buffers: num(raw.buffers, `${where}.buffers`), bytes: num(raw.bytes, `${where}.bytes`) };
}

function site(value: unknown, where: string): TraceSite {
  const raw = record(value, where);
  const bytes = record(raw.bytes, `${where}.bytes`);
  const direction = raw.direction === 'result' ? 'result' : 'task';
  return {
    file: str(raw.file, `${where}.file`),
    line: num(raw.line, `${where}.line`),
    column: num(raw.column ?? 1, `${where}.column`),
    channel: str(raw.channel, `${where}.channel`),
    serialization: str(raw.serialization ?? '', `${where}.serialization`),
    library: optionalStr(raw.library, `${where}.library`),
    api: optionalStr(raw.api, `${where}.api`),
    direction,
    runtime: str(raw.runtime ?? 'node', `${where}.runtime`),
    messages: num(raw.messages, `${where}.messages`),
    measured: num(raw.measured ?? raw.messages, `${where}.measured`),
    bytes: {
      total: num(bytes.total, `${where}.bytes.total`),
      p50: num(bytes.p50 ?? 0, `${where}.bytes.p50`),
      p95: num(bytes.p95 ?? 0, `${where}.bytes.p95`),
      max: num(bytes.max ?? 0, `${where}.bytes.max`),
      estimated: bytes.estimated === true,
    },
    serializeMs: num(raw.serializeMs ?? 0, `${where}.serializeMs`),
    deserializeMs: optionalNum(raw.deserializeMs, `${where}.deserializeMs`),
    deserializeEstimated: raw.deserializeEstimated === true,
    runMs: optionalNum(raw.runMs, `${where}.runMs`),
    protocol: optionalNum(raw.protocol, `${where}.protocol`),
    outOfBand: outOfBand(raw.outOfBand, `${where}.outOfBand`),
    shareOfWall: optionalNum(raw.shareOfWall, `${where}.shareOfWall`),
    failures: list(raw.failures, `${where}.failures`, failure),
    findings: list(raw.findings, `${where}.findings`, finding),
  };
}

/** Checks a parsed report field by field; throws a TraceReportError naming the first wrong one. */
export function readTraceReport(value: unknown): TraceReport {
  const raw = record(value, 'report');
  if (raw.version !== undefined && raw.version !== 1)
    throw new TraceReportError('report.version', `version ${String(raw.version)} is not supported (expected 1)`);
  const sites = list(raw.sites, 'report.sites', site);
  const messages = sites.reduce((sum, s) => sum + s.messages, 0);
  return {
    version: 1,
    command: list(raw.command, 'report.command', str),
    exitCode: optionalNum(raw.exitCode, 'report.exitCode'),
    durationMs: num(raw.durationMs ?? 0, 'report.durationMs'),
    processes: num(raw.processes ?? 0, 'report.processes'),
    messagesMeasured: num(raw.messagesMeasured ?? 0, 'report.messagesMeasured'),
    messages: num(raw.messages ?? messages, 'report.messages'),
    sites,
  };
}

/** The key a site keeps across two recordings of the same program. */
export function siteKey(site: Pick<TraceSite, 'file' | 'line' | 'column' | 'channel' | 'direction'>): string {
  return `${site.file}:${site.line}:${site.column}:${site.channel}:${site.direction}`;
}
