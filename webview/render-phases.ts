import { formatMs, PHASE_LABELS } from '../shared/format';
import { PHASES, type ModeResult, type Phase, type ProfileReport } from '../shared/report';
import { h } from './dom';

function phaseCell(result: ModeResult, phase: Phase): HTMLTableCellElement {
  const stat = result.timings?.[phase];
  if (stat)
    return h(
      'td',
      { class: 'num', title: `min ${formatMs(stat.min)} · max ${formatMs(stat.max)}` },
      formatMs(stat.median),
    );
  const partial = result.failedRound?.timings[phase];
  return partial === undefined
    ? h('td', { class: 'num' }, '–')
    : h('td', { class: 'num partial', title: 'measured before the mode failed' }, formatMs(partial));
}

/**
 * Each phase's median per mode, phases as rows so that the table stays narrow whatever the number of phases:
 * the details behind the chart, folded by default.
 */
export function renderPhaseTable(report: ProfileReport): HTMLElement {
  return h(
    'details',
    { class: 'phases' },
    h('summary', {}, 'Phase medians'),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'phase-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Phase'),
            ...report.results.map((r) => h('th', { scope: 'col', class: 'num' }, h('code', {}, r.mode))),
          ),
        ),
        h(
          'tbody',
          {},
          ...PHASES.map((phase) =>
            h(
              'tr',
              { 'data-phase': phase },
              h(
                'th',
                { scope: 'row' },
                h(
                  'span',
                  { class: 'phase-name' },
                  h('span', { class: `swatch phase-${phase}` }),
                  h('span', {}, PHASE_LABELS[phase]),
                ),
              ),
              ...report.results.map((result) => phaseCell(result, phase)),
            ),
          ),
        ),
      ),
    ),
  );
}
