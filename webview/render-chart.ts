import { failureBadge, formatMs, msBeforeFailing, PHASE_LABELS } from '../shared/format';
import { PHASES, type ModeResult, type Phase, type ProfileReport } from '../shared/report';
import { h } from './dom';

/** The phases' medians of a mode that ran; for one that failed, what it measured before failing. */
function phaseTimes(result: ModeResult): Partial<Record<Phase, number>> | undefined {
  if (result.timings) return Object.fromEntries(PHASES.map((phase) => [phase, result.timings![phase].median]));
  return result.failedRound?.timings;
}

function barTotal(result: ModeResult): number {
  return result.timings?.total.median ?? msBeforeFailing(result) ?? 0;
}

/** One horizontal bar per mode, its segments the phases' medians, on one scale for the whole run. */
export function renderChart(report: ProfileReport): HTMLElement {
  const scale = Math.max(0, ...report.results.map(barTotal));
  const rows = report.results.map((result) => {
    const label = h('span', { class: 'bar-label' }, result.mode);
    const times = phaseTimes(result);
    const track = h('span', { class: 'bar-track' });
    for (const phase of PHASES) {
      const ms = times?.[phase] ?? 0;
      if (ms <= 0 || scale === 0) continue;
      const segment = h('span', { class: `segment phase-${phase}`, title: `${PHASE_LABELS[phase]}: ${formatMs(ms)}` });
      segment.style.width = `${(ms / scale) * 100}%`;
      track.appendChild(segment);
    }
    if (result.status === 'error') track.appendChild(h('span', { class: 'bar-failed' }, failureBadge(result)));
    const total = result.timings
      ? formatMs(result.timings.total.median)
      : msBeforeFailing(result) !== undefined
        ? `(${formatMs(barTotal(result))})`
        : '';
    return h('div', { class: `bar-row ${result.status}` }, label, track, h('span', { class: 'bar-total' }, total));
  });
  const legend = h(
    'div',
    { class: 'legend' },
    ...PHASES.map((phase) =>
      h('span', { class: 'legend-item' }, h('span', { class: `swatch phase-${phase}` }), PHASE_LABELS[phase]),
    ),
  );
  const summary = report.results
    .map((r) => (r.timings ? `${r.mode} ${formatMs(r.timings.total.median)}` : `${r.mode} failed`))
    .join(', ');
  return h(
    'figure',
    { class: 'chart', role: 'img', 'aria-label': `Phase times per mode: ${summary}` },
    ...rows,
    legend,
  );
}
