import { formatBytes, formatMs } from '../cli/units';
import { siteName } from './report-columns';
import type { RecordedSite, RecordReport } from './report-types';
import type { RecordFormat } from './record-args';

export interface SiteFigures {
  messages: number;
  bytes: number;
  serializeMs: number;
  deserializeMs: number | null;
  failures: number;
  findings: string[];
}

export interface SiteComparison {
  file: string;
  line: number;
  column: number;
  channel: string;
  direction: string;
  status: 'both' | 'new' | 'gone';
  before: SiteFigures | null;
  after: SiteFigures | null;
}

export interface Comparison {
  before: { command: string[]; durationMs: number; messages: number };
  after: { command: string[]; durationMs: number; messages: number };
  sites: SiteComparison[];
}

/**
 * Per site, what changed between two reports. A site is the same when its place, channel and direction are;
 * one whose line moved is still matched when it is the only one of its file, channel, direction and library call.
 */
export function compareReports(before: RecordReport, after: RecordReport): Comparison {
  const unmatched = [...after.sites];
  const sites: SiteComparison[] = [];
  const take = (found: RecordedSite | undefined): RecordedSite | undefined => {
    if (found) unmatched.splice(unmatched.indexOf(found), 1);
    return found;
  };
  for (const old of before.sites) {
    const same =
      take(unmatched.find((site) => exactKey(site) === exactKey(old))) ??
      take(uniqueLoose(unmatched, old, before.sites));
    sites.push(entry(same ?? old, same ? 'both' : 'gone', old, same));
  }
  for (const added of unmatched) sites.push(entry(added, 'new', undefined, added));
  return {
    before: { command: before.command, durationMs: before.durationMs, messages: before.messages },
    after: { command: after.command, durationMs: after.durationMs, messages: after.messages },
    sites,
  };
}

function exactKey(site: RecordedSite): string {
  return [site.file, site.line, site.column, site.channel, site.direction].join('\0');
}

function looseKey(site: RecordedSite): string {
  return [site.file, site.channel, site.direction, site.library, site.api].join('\0');
}

function uniqueLoose(candidates: RecordedSite[], old: RecordedSite, olds: RecordedSite[]): RecordedSite | undefined {
  const key = looseKey(old);
  const matches = candidates.filter((site) => looseKey(site) === key);
  return matches.length === 1 && olds.filter((site) => looseKey(site) === key).length === 1 ? matches[0] : undefined;
}

function entry(
  site: RecordedSite,
  status: SiteComparison['status'],
  before: RecordedSite | undefined,
  after: RecordedSite | undefined,
): SiteComparison {
  return {
    file: site.file,
    line: site.line,
    column: site.column,
    channel: site.channel,
    direction: site.direction,
    status,
    before: before ? figures(before) : null,
    after: after ? figures(after) : null,
  };
}

function figures(site: RecordedSite): SiteFigures {
  return {
    messages: site.messages,
    bytes: site.bytes.total,
    serializeMs: site.serializeMs,
    deserializeMs: site.deserializeMs,
    failures: site.failures.reduce((sum, failure) => sum + failure.count, 0),
    findings: [...new Set(site.findings.map((finding) => finding.kind))],
  };
}

export function formatComparison(comparison: Comparison, format: RecordFormat, cwd = process.cwd()): string {
  if (format === 'json') return `${JSON.stringify(comparison, null, 2)}\n`;
  const rows = comparison.sites.map((site) => [
    siteName({ file: site.file, line: site.line, column: site.column } as RecordedSite, cwd),
    site.direction,
    site.status === 'both' ? '' : site.status,
    change(site, (f) => String(f.messages)),
    change(site, (f) => formatBytes(f.bytes)),
    change(site, (f) => formatMs(f.serializeMs)),
    change(site, (f) => formatMs(f.deserializeMs ?? undefined)),
    change(site, (f) => String(f.failures)),
    change(site, (f) => f.findings.join(',') || '—'),
  ]);
  const headers = ['send site', 'dir', 'status', 'messages', 'bytes', 'ser ms', 'deser ms', 'failures', 'findings'];
  const title =
    `serial-profile compare · before: ${comparison.before.command.join(' ')} ` +
    `(${(comparison.before.durationMs / 1000).toFixed(2)} s) · after: ${comparison.after.command.join(' ')} ` +
    `(${(comparison.after.durationMs / 1000).toFixed(2)} s)`;
  if (format === 'markdown') {
    return (
      `**${title}**\n\n| ${headers.join(' | ')} ` +
      `|\n|${headers.map(() => '---').join('|')}|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`
    );
  }
  const table = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...table.map((row) => [...row[i]!].length)));
  return `${title}\n\n${table
    .map((row) =>
      row
        .map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/** `before → after` when it changed, the one value when not. */
function change(site: SiteComparison, show: (figures: SiteFigures) => string): string {
  const before = site.before ? show(site.before) : '—';
  const after = site.after ? show(site.after) : '—';
  return before === after ? after : `${before} → ${after}`;
}
