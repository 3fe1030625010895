import { failureBadge, fastestMode, formatBytes, formatMs, PHASE_LABELS } from '../shared/format';
import { h } from './dom';
import type { ModeResult, ProfileReport, Stat } from '../shared/report';
import { PHASES } from '../shared/report';

function statTitle(stat: Stat): string {
  return `median ${formatMs(stat.median)} · min ${formatMs(stat.min)} · max ${formatMs(stat.max)}`;
}

function statusCell(result: ModeResult, fastest: boolean): HTMLTableCellElement {
  if (result.status === 'error') {
    return h('td', { class: 'status error', title: result.error?.message }, h('span', { class: 'badge error' }, failureBadge(result)));
  }
  return h('td', { class: 'status ok' }, h('span', { class: 'badge ok' }, '✓ ok'), fastest && h('span', { class: 'badge fastest', title: 'Lowest median total of the modes that succeeded' }, '★ fastest'));
}

function modeRow(result: ModeResult, fastest: boolean): HTMLTableRowElement {
  const timings = result.timings;
  const phaseCells = PHASES.map((phase) =>
    h('td', { class: 'num', title: timings ? statTitle(timings[phase]) : undefined }, timings ? formatMs(timings[phase].median) : '–'),
  );
  const coldTitle = result.cold ? `first round ${result.cold.poolStarted ? '(pool started)' : '(warm pool)'}: ${formatMs(result.cold.total)}` : undefined;
  return h(
    'tr',
    { class: `mode-row ${result.status}${fastest ? ' fastest' : ''}`, 'data-mode': result.mode, 'data-status': result.status },
    h('th', { scope: 'row', class: 'mode' }, h('code', {}, result.mode)),
    statusCell(result, fastest),
    h('td', { class: 'num total', title: [timings ? statTitle(timings.total) : undefined, coldTitle].filter(Boolean).join('\n') || undefined }, timings ? formatMs(timings.total.median) : '–'),
    h('td', { class: 'num' }, result.bytes ? formatBytes(result.bytes.task) : '–'),
    h('td', { class: 'num' }, result.bytes ? formatBytes(result.bytes.result) : '–'),
    ...phaseCells,
  );
}

/** Rows are modes; columns are status, the total, the payload sizes, then each phase's median. */
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
        h('th', { scope: 'col', class: 'num', title: 'Median of the measured rounds' }, 'Total'),
        h('th', { scope: 'col', class: 'num', title: 'Bytes of the serialized function and arguments' }, 'Task bytes'),
        h('th', { scope: 'col', class: 'num', title: 'Bytes of the serialized return value' }, 'Result bytes'),
        ...PHASES.map((phase) => h('th', { scope: 'col', class: 'num phase' }, PHASE_LABELS[phase])),
      ),
    ),
    h('tbody', {}, ...report.results.map((result) => modeRow(result, result.mode === fastest))),
  );
}
