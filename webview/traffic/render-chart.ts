/** Bytes and serialize time per site, the costliest first, each on its own scale. */
import { h } from '../dom';
import { formatBytes, formatDuration } from '../../shared/traffic/site-text';
import { relativeTo } from '../../shared/traffic/trace-markdown';
import type { TraceSite } from '../../shared/traffic/trace-report';

const SHOWN = 15;

function bar(fraction: number, kind: 'bytes' | 'time', title: string): HTMLElement {
  const fill = h('span', { class: `fill ${kind}` });
  fill.style.width = `${Math.max(fraction * 100, fraction > 0 ? 0.5 : 0)}%`;
  return h('span', { class: 'track', title }, fill);
}

export function renderChart(sites: readonly TraceSite[], roots: readonly string[]): HTMLElement {
  const top = [...sites].sort((a, b) => b.bytes.total - a.bytes.total || b.serializeMs - a.serializeMs).slice(0, SHOWN);
  const maxBytes = Math.max(1, ...top.map((s) => s.bytes.total));
  const maxMs = Math.max(1e-9, ...top.map((s) => s.serializeMs));
  const rows = top.map((site) => {
    const label = `${relativeTo(roots, site.file)}:${site.line}`;
    return h(
      'div',
      { class: 'chart-row' },
      h('span', { class: 'chart-label', title: site.file }, label),
      h(
        'span',
        { class: 'chart-bars' },
        bar(site.bytes.total / maxBytes, 'bytes', `${label}: ${formatBytes(site.bytes.total)}`),
        bar(site.serializeMs / maxMs, 'time', `${label}: ${formatDuration(site.serializeMs)} serializing`),
      ),
      h('span', { class: 'chart-values' }, `${formatBytes(site.bytes.total)} · ${formatDuration(site.serializeMs)}`),
    );
  });
  const summary = top
    .map(
      (s) => `${relativeTo(roots, s.file)}:${s.line} ${formatBytes(s.bytes.total)}, ${formatDuration(s.serializeMs)}`,
    )
    .join('; ');
  return h(
    'section',
    { class: 'chart-section', 'aria-labelledby': 'chart-title' },
    h(
      'h3',
      { id: 'chart-title' },
      sites.length > SHOWN
        ? `Bytes and serialize time: the ${SHOWN} largest of ${sites.length.toLocaleString('en-US')} sites`
        : 'Bytes and serialize time per site',
    ),
    h(
      'figure',
      { class: 'traffic-chart', role: 'img', 'aria-label': `Bytes and serialize time per site: ${summary}` },
      ...rows,
    ),
    h(
      'div',
      { class: 'legend' },
      h('span', { class: 'legend-item' }, h('span', { class: 'swatch bytes' }), 'bytes sent'),
      h('span', { class: 'legend-item' }, h('span', { class: 'swatch time' }), 'serialize time'),
    ),
  );
}
