import type { FindingEvent } from './trace-events';
import type { SiteTotals } from './site-totals';

type Finding = Omit<FindingEvent, 't' | 'pid' | 'site'>;

const MIN_MESSAGES = 10;

/**
 * Tasks whose trip costs more than their work. A pool worker's time between two replies (recorded on its
 * thread) is its task's deserialize and run; less the task's deserialize, the run. A task site of that library
 * whose serialize + deserialize per message, with its reply's, exceeds the run gets a finding.
 */
export function workFindings(sites: readonly SiteTotals[]): [SiteTotals, Finding][] {
  const found: [SiteTotals, Finding][] = [];
  for (const task of sites) {
    const library = task.site.library;
    // A site the library stands in for (no user line), or too few messages to be past warming up, says nothing.
    if (
      task.site.direction !== 'task' ||
      library === null ||
      task.site.file.includes('/node_modules/') ||
      task.measuredCount < MIN_MESSAGES
    )
      continue;
    const replies = sites.filter(
      (site) => site.site.direction === 'result' && site.site.library === library && site.perMessage.runMs !== null,
    );
    if (replies.length === 0) continue;
    const own = task.perMessage;
    const runMs = Math.max(0, mean(replies.map((reply) => reply.perMessage.runMs!)) - own.deserializeMs);
    const replyMs = mean(replies.map((reply) => reply.perMessage.serializeMs + reply.perMessage.deserializeMs));
    const tripMs = own.serializeMs + own.deserializeMs + replyMs;
    if (tripMs <= runMs) continue;
    found.push([
      task,
      {
        kind: 'serialize-exceeds-work',
        path: '',
        bytes: 0,
        count: 1,
        message:
          `serializing a task and its result takes ${tripMs.toFixed(3)} ms a message, the work itself ` +
          `${runMs.toFixed(3)} ms (the ${library} worker's own time between replies)`,
        fix:
          'send less per task (an id or a range instead of the data; what every task shares once, as ' +
          'workerData or a SharedArrayBuffer), or give each task more work (a batch of items), so the work ' +
          'outweighs the copy',
      },
    ]);
  }
  return found;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
