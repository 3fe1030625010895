import { formatMs, PHASE_LABELS, shortKind } from '../shared/format';
import { h } from './dom';
import type { ProfileReport } from '../shared/report';
import { PHASES } from '../shared/report';

/** One horizontal bar per mode, its segments the phases' medians, on one scale for the whole run. */
export function renderChart(report: ProfileReport): HTMLElement {
  const scale = Math.max(0, ...report.results.map((r) => r.timings?.total.median ?? 0));
  const rows = report.results.map((result) => {
    const label = h('span', { class: 'bar-label' }, result.mode);
    if (!result.timings || scale === 0) {
      const text = result.status === 'error' ? `✗ ${result.error ? shortKind(result.error.kind) : 'failed'}` : 'no measured round';
      return h('div', { class: 'bar-row' }, label, h('span', { class: 'bar-track' }, h('span', { class: 'bar-failed' }, text)), h('span', { class: 'bar-total' }, ''));
    }
    const timings = result.timings;
    const track = h('span', { class: 'bar-track' });
    for (const phase of PHASES) {
      const ms = timings[phase].median;
      if (ms <= 0) continue;
      const segment = h('span', { class: `segment phase-${phase}`, title: `${PHASE_LABELS[phase]}: ${formatMs(ms)}` });
      segment.style.width = `${(ms / scale) * 100}%`;
      track.appendChild(segment);
    }
    return h('div', { class: 'bar-row' }, label, track, h('span', { class: 'bar-total' }, formatMs(timings.total.median)));
  });
  const legend = h(
    'div',
    { class: 'legend' },
    ...PHASES.map((phase) => h('span', { class: 'legend-item' }, h('span', { class: `swatch phase-${phase}` }), PHASE_LABELS[phase])),
  );
  const summary = report.results.map((r) => (r.timings ? `${r.mode} ${formatMs(r.timings.total.median)}` : `${r.mode} failed`)).join(', ');
  return h('figure', { class: 'chart', role: 'img', 'aria-label': `Phase times per mode: ${summary}` }, ...rows, legend);
}
