/** The comparison of two recordings: per site, what changed. */
import { h } from '../dom';
import { compareReports } from './compare';
import type { RecordingView } from '../../shared/traffic/messages';
import type { SitesView } from './render-sites';
import { siteLink } from './render-sites';
import { formatBytes, formatDuration, siteChannel } from '../../shared/traffic/site-text';

const signed = (value: number, format: (v: number) => string): string =>
  value === 0 ? '±0' : `${value > 0 ? '+' : '−'}${format(Math.abs(value))}`;
const count = (value: number): string => value.toLocaleString('en-US');

export function renderCompare(current: RecordingView, before: RecordingView, view: SitesView): HTMLElement {
  const changes = compareReports(current.report, before.report);
  const rows = changes
    .slice(0, 300)
    .map((c) =>
      h(
        'tr',
        { class: `change ${c.status}` },
        h('th', { scope: 'row' }, siteLink(c.site, view.roots, view.onOpen)),
        h('td', { title: siteChannel(c.site) }, c.status === 'both' ? 'in both' : c.status === 'new' ? 'new' : 'gone'),
        h('td', { class: 'num' }, signed(c.messages, count)),
        h('td', { class: `num ${c.bytes > 0 ? 'worse' : c.bytes < 0 ? 'better' : ''}` }, signed(c.bytes, formatBytes)),
        h(
          'td',
          { class: `num ${c.serializeMs > 0 ? 'worse' : c.serializeMs < 0 ? 'better' : ''}` },
          signed(c.serializeMs, formatDuration),
        ),
        h('td', { class: 'num' }, signed(c.failures, count)),
        h('td', { class: 'num' }, signed(c.findings, count)),
      ),
    );
  return h(
    'section',
    { class: 'compare', 'aria-labelledby': 'compare-title' },
    h(
      'h3',
      { id: 'compare-title' },
      `Compared with ${before.label} (${new Date(before.openedAt).toLocaleTimeString()})`,
    ),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'compare-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Send site', 'Site', 'Δ messages', 'Δ bytes', 'Δ serialize', 'Δ failures', 'Δ findings'].map(
              (label, i) => h('th', { scope: 'col', class: i >= 2 ? 'num' : '' }, label),
            ),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}
