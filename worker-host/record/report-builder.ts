import type { RecordReport } from './report-types';
import { SiteTotals } from './site-totals';
import type { EventFile } from './trace-reader';
import type { DeserializedEvent, Runtime, SiteEvent } from './trace-events';
import { workFindings } from './work-findings';

export interface RunFacts {
  command: string[];
  exitCode: number;
  signal: string | null;
  durationMs: number;
}

/** The report of a run from its event files: sites merged across processes and threads, busiest first. */
export function buildReport(files: readonly EventFile[], run: RunFacts): RecordReport {
  const totals = new Map<string, SiteTotals>();
  const pids = new Set<number>();
  /** Every file's sites by process, thread and id, for the deserialize times another thread measured. */
  const byThread = new Map<string, SiteTotals>();
  const deserialized: DeserializedEvent[] = [];
  for (const file of files) {
    let runtime: Runtime = 'node';
    let thread = 0;
    const sites = new Map<string, SiteTotals>();
    for (const event of file.events) {
      switch (event.t) {
        case 'process':
          runtime = event.runtime;
          thread = event.threadId;
          pids.add(event.pid);
          break;
        case 'site': {
          const key = siteKey(event, runtime);
          let total = totals.get(key);
          if (!total) totals.set(key, (total = new SiteTotals(event, runtime)));
          sites.set(event.site, total);
          byThread.set(`${event.pid}:${thread}:${event.site}`, total);
          break;
        }
        case 'deserialized':
          deserialized.push(event);
          break;
        case 'messages':
          sites.get(event.site)?.addMessages(event);
          break;
        case 'failure':
          sites.get(event.site)?.addFailure(event);
          break;
        case 'finding':
          sites.get(event.site)?.addFinding(event);
          break;
        default:
          break;
      }
    }
  }
  for (const event of deserialized) {
    byThread.get(`${event.pid}:${event.thread}:${event.site}`)?.addDeserialized(event.count, event.ms);
  }
  const all = [...totals.values()];
  for (const [site, finding] of workFindings(all)) site.addFinding(finding);
  const sites = all
    .map((site) => site.toReport(run.durationMs))
    .sort((a, b) => b.serializeMs - a.serializeMs || b.messages - a.messages);
  return {
    version: 1,
    command: run.command,
    exitCode: run.exitCode,
    signal: run.signal,
    durationMs: Math.round(run.durationMs * 10) / 10,
    processes: pids.size,
    messages: sites.reduce((sum, site) => sum + site.messages, 0),
    messagesMeasured: sites.reduce((sum, site) => sum + site.measured, 0),
    sites,
  };
}

function siteKey(site: SiteEvent, runtime: Runtime): string {
  return [
    runtime,
    site.file,
    site.line,
    site.column,
    site.channel,
    site.direction,
    site.serialization,
    site.library,
    site.api,
  ].join('\0');
}
