import {
  changesTheValue,
  costBeforeFailing,
  failureBadge,
  fastestMode,
  formatBytes,
  formatMs,
  msBeforeFailing,
} from '../shared/format';
import type { ModeResult, ProfileReport, Stat } from '../shared/report';
import { h } from './dom';

function statTitle(stat: Stat): string {
  return `median ${formatMs(stat.median)} · min ${formatMs(stat.min)} · max ${formatMs(stat.max)}`;
}

function statusCell(result: ModeResult, fastest: boolean): HTMLTableCellElement {
  if (result.status === 'error') {
    return h(
      'td',
      { class: 'status error', title: result.error?.message },
      h('span', { class: 'badge error' }, failureBadge(result)),
    );
  }
  return h(
    'td',
    { class: 'status ok' },
    h('span', { class: 'badge ok' }, '✓ ok'),
    fastest &&
      h(
        'span',
        {
          class: 'badge fastest',
          title: 'Lowest median total of the modes that succeeded and delivered the value unchanged',
        },
        '★ fastest',
      ),
    changesTheValue(result) &&
      h(
        'span',
        { class: 'badge lossy', title: 'This mode delivered a different value than was sent: see Warnings' },
        '⚠ changes value',
      ),
  );
}

/** Total: the median of a mode that ran; for one that failed, what it spent before failing (in parentheses). */
function totalCell(result: ModeResult): HTMLTableCellElement {
  const timings = result.timings;
  const coldTitle = result.cold
    ? `first round ${result.cold.poolStarted ? '(pool started)' : '(warm pool)'}: ${formatMs(result.cold.total)}`
    : undefined;
  if (timings) {
    return h(
      'td',
      { class: 'num total', title: [statTitle(timings.total), coldTitle].filter(Boolean).join('\n') },
      formatMs(timings.total.median),
    );
  }
  const spent = msBeforeFailing(result);
  if (spent === undefined) return h('td', { class: 'num total' }, '–');
  return h(
    'td',
    { class: 'num total partial', title: `spent before failing: ${costBeforeFailing(result) ?? ''}` },
    `(${formatMs(spent)})`,
  );
}

function taskBytes(result: ModeResult): number | undefined {
  return result.bytes?.task ?? result.failedRound?.bytes.task;
}

function modeRow(result: ModeResult, fastest: boolean): HTMLTableRowElement {
  const task = taskBytes(result);
  return h(
    'tr',
    {
      class: `mode-row ${result.status}${fastest ? ' fastest' : ''}`,
      'data-mode': result.mode,
      'data-status': result.status,
    },
    h('th', { scope: 'row', class: 'mode' }, h('code', {}, result.mode)),
    statusCell(result, fastest),
    totalCell(result),
    h('td', { class: `num task-bytes${result.bytes ? '' : ' partial'}` }, task === undefined ? '–' : formatBytes(task)),
    h('td', { class: 'num' }, result.bytes ? formatBytes(result.bytes.result) : '–'),
  );
}

/** Rows are modes; columns are status, the total and the payload sizes (the phases: in the chart and phase table). */
export function renderTable(report: ProfileReport): HTMLTableElement {
  const fastest = fastestMode(report);
  return h(
    'table',
    { class: 'modes' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Mode'),
        h('th', { scope: 'col' }, 'Status'),
        h(
          'th',
          {
            scope: 'col',
            class: 'num',
            title: 'Median of the measured rounds; in parentheses, what a failed mode spent before failing',
          },
          'Total',
        ),
        h('th', { scope: 'col', class: 'num', title: 'Bytes of the serialized function and arguments' }, 'Task'),
        h('th', { scope: 'col', class: 'num', title: 'Bytes of the serialized return value' }, 'Result'),
      ),
    ),
    h('tbody', {}, ...report.results.map((result) => modeRow(result, result.mode === fastest))),
  );
}
