/** Two recordings side by side: per send site, what changed. */
import { failureCount } from '../../shared/traffic/site-text';
import { siteKey, type TraceReport, type TraceSite } from '../../shared/traffic/trace-report';

export interface SiteChange {
  key: string;
  site: TraceSite;
  status: 'both' | 'new' | 'gone';
  before?: TraceSite;
  bytes: number;
  serializeMs: number;
  messages: number;
  failures: number;
  findings: number;
}

export function compareReports(current: TraceReport, before: TraceReport): SiteChange[] {
  const earlier = new Map(before.sites.map((s) => [siteKey(s), s]));
  const changes: SiteChange[] = [];
  for (const site of current.sites) {
    const key = siteKey(site);
    const old = earlier.get(key);
    earlier.delete(key);
    changes.push({
      key,
      site,
      status: old ? 'both' : 'new',
      ...(old && { before: old }),
      bytes: site.bytes.total - (old?.bytes.total ?? 0),
      serializeMs: site.serializeMs - (old?.serializeMs ?? 0),
      messages: site.messages - (old?.messages ?? 0),
      failures: failureCount(site) - (old ? failureCount(old) : 0),
      findings: site.findings.length - (old?.findings.length ?? 0),
    });
  }
  for (const [key, old] of earlier) {
    changes.push({
      key,
      site: old,
      status: 'gone',
      before: old,
      bytes: -old.bytes.total,
      serializeMs: -old.serializeMs,
      messages: -old.messages,
      failures: -failureCount(old),
      findings: -old.findings.length,
    });
  }
  return changes.sort(
    (a, b) => Math.abs(b.bytes) - Math.abs(a.bytes) || Math.abs(b.serializeMs) - Math.abs(a.serializeMs),
  );
}
