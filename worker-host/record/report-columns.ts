import { basename } from 'node:path';
import { formatBytes, formatMs } from '../cli/units';
import { shownPath } from '../cli/shown-path';
import type { RecordedSite, RecordReport } from './report-types';

/** The site columns the table and Markdown share. */
export interface SiteColumn {
  header: string;
  align: 'left' | 'right';
  cell(site: RecordedSite): string;
}

export function siteName(site: RecordedSite, cwd: string): string {
  return `${shownPath(site.file, cwd)}:${site.line}:${site.column}`;
}

/** `5` or `5 · 2 oob 781 KiB`: the pickle protocol and the buffers sent beside the stream; `—` when not pickled. */
export function pickleCell(site: RecordedSite): string {
  const protocol = site.protocol === null ? '—' : String(site.protocol);
  const oob = site.outOfBand;
  return oob && oob.buffers > 0 ? `${protocol} · ${oob.buffers} oob ${formatBytes(oob.bytes)}` : protocol;
}

/** The columns of these sites: the pickle column only when one of them was pickled (a Python recorder's). */
export function siteColumns(cwd: string, sites: readonly RecordedSite[] = []): SiteColumn[] {
  const pickled = sites.some((site) => site.protocol !== null || (site.outOfBand?.buffers ?? 0) > 0);
  const columns: SiteColumn[] = [
    { header: 'send site', align: 'left', cell: (site) => siteName(site, cwd) },
    { header: 'dir', align: 'left', cell: (site) => site.direction },
    {
      header: 'channel',
      align: 'left',
      cell: (site) =>
        site.channel +
        (site.serialization === 'json' ? ' (json)' : site.serialization === 'advanced' ? ' (advanced)' : ''),
    },
    { header: 'library', align: 'left', cell: (site) => [site.library, site.api].filter(Boolean).join(' ') || '—' },
    { header: 'messages', align: 'right', cell: (site) => String(site.messages) },
    { header: 'measured', align: 'right', cell: (site) => String(site.measured) },
    {
      header: 'bytes',
      align: 'right',
      cell: (site) => `${site.bytes.estimated ? '≈' : ''}${formatBytes(site.bytes.total)}`,
    },
    { header: 'p50', align: 'right', cell: (site) => formatBytes(site.bytes.p50) },
    { header: 'p95', align: 'right', cell: (site) => formatBytes(site.bytes.p95) },
    { header: 'max', align: 'right', cell: (site) => formatBytes(site.bytes.max) },
    { header: 'ser ms', align: 'right', cell: (site) => formatMs(site.serializeMs) },
    {
      header: 'deser ms',
      align: 'right',
      cell: (site) => `${site.deserializeEstimated ? '~' : ''}${formatMs(site.deserializeMs ?? undefined)}`,
    },
    { header: 'wall', align: 'right', cell: (site) => `${(site.shareOfWall * 100).toFixed(1)}%` },
    { header: 'issues', align: 'right', cell: (site) => issueCount(site) },
  ];
  if (pickled) columns.splice(3, 0, { header: 'pickle', align: 'left', cell: pickleCell });
  return columns;
}

function issueCount(site: RecordedSite): string {
  const failed = site.failures.reduce((sum, failure) => sum + failure.count, 0);
  const parts = [failed > 0 ? `✗${failed}` : '', site.findings.length > 0 ? `⚠${site.findings.length}` : ''].filter(
    Boolean,
  );
  return parts.join(' ') || '—';
}

export function headline(report: RecordReport): string {
  const ended = report.signal ? `killed by ${report.signal} (exit ${report.exitCode})` : `exit ${report.exitCode}`;
  const processes = `${report.processes} ${runtimeName(report.sites)}process${report.processes === 1 ? '' : 'es'}`;
  return (
    `serial-profile record · ${report.command.join(' ')} · ${ended} · ` +
    `${(report.durationMs / 1000).toFixed(2)} s · ${processes} · ${report.messages} messages ` +
    `(${report.messagesMeasured} measured)`
  );
}

/** 'Node ' or 'Python ' when every site ran in that runtime, else nothing (a mixed run, or no site). */
function runtimeName(sites: RecordedSite[]): string {
  const runtimes = new Set(sites.map((site) => site.runtime));
  if (runtimes.size !== 1) return '';
  return runtimes.has('python') ? 'Python ' : 'Node ';
}

/** What to say instead of a table when nothing was sent. */
export function emptyNote(report: RecordReport): string {
  if (report.processes === 0 && /^python/.test(basename(report.command[0] ?? ''))) {
    return (
      'No worker traffic was recorded: the Python program sent nothing to a pool of processes ' +
      '(multiprocessing, concurrent.futures, loky, joblib or dask).'
    );
  }
  if (report.processes === 0) {
    return (
      'No worker traffic was recorded: no Node process ran under the recorder (is the command a Node ' +
      'program, or does it clear NODE_OPTIONS?).'
    );
  }
  return 'No worker traffic was recorded: the command sent nothing to a worker thread or child process.';
}

export const NOTES = [
  '≈ bytes and times are extrapolated from the measured messages; ~ deserialize is estimated by reading each ' +
    'measured message back on the sending side.',
];

/** NOTES, and what the pickle column means when it is shown. */
export function notes(sites: readonly RecordedSite[]): string[] {
  if (!sites.some((site) => site.protocol !== null || (site.outOfBand?.buffers ?? 0) > 0)) return NOTES;
  return [
    ...NOTES,
    'pickle: the protocol of the pickle stream; oob: buffers sent beside it (pickle 5 out-of-band buffers, dask ' +
      'frames such as a numpy array’s data), counted in bytes too.',
  ];
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
