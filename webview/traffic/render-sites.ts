/** The sites table: one row per send site, sortable by its column headers (buttons, so keyboards sort too). */
import { h } from '../dom';
import type { SortKey } from '../../shared/traffic/messages';
import { failureCount, formatBytes, formatDuration, siteChannel } from '../../shared/traffic/site-text';
import { relativeTo } from '../../shared/traffic/trace-markdown';
import { siteKey, type TraceLocation, type TraceSite } from '../../shared/traffic/trace-report';

export interface SitesView {
  sort: SortKey;
  /** Rows drawn before "Show all": a table of thousands of rows is drawn on demand. */
  rowLimit: number;
  onShowAll(): void;
  descending: boolean;
  focus?: string;
  roots: readonly string[];
  onSort(key: SortKey): void;
  onOpen(location: TraceLocation, quickFix: boolean): void;
}

const SORT_VALUE: Record<SortKey, (site: TraceSite) => number | string> = {
  bytes: (s) => s.bytes.total,
  serializeMs: (s) => s.serializeMs,
  messages: (s) => s.messages,
  failures: (s) => failureCount(s) * 1e6 + s.findings.length,
  site: (s) => `${s.file}:${String(s.line).padStart(8, '0')}`,
};

export function sortSites(sites: readonly TraceSite[], key: SortKey, descending: boolean): TraceSite[] {
  const value = SORT_VALUE[key];
  const sign = descending ? -1 : 1;
  return [...sites].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}

export function siteLink(site: TraceLocation, roots: readonly string[], onOpen: SitesView['onOpen']): HTMLElement {
  const link = h(
    'a',
    { class: 'source-link', href: '#', title: `${site.file}:${site.line}:${site.column}` },
    `${relativeTo(roots, site.file)}:${site.line}`,
  );
  link.addEventListener('click', (event) => {
    event.preventDefault();
    onOpen(site, false);
  });
  return link;
}

const COLUMNS: { key: SortKey | null; label: string; numeric: boolean }[] = [
  { key: 'site', label: 'Send site', numeric: false },
  { key: 'messages', label: 'Messages', numeric: true },
  { key: 'bytes', label: 'Bytes', numeric: true },
  { key: 'serializeMs', label: 'Serialize', numeric: true },
  { key: null, label: 'Deserialize', numeric: true },
  { key: 'failures', label: 'Issues', numeric: true },
];

function header(view: SitesView): HTMLElement {
  return h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...COLUMNS.map((column) => {
        if (!column.key) return h('th', { scope: 'col', class: column.numeric ? 'num' : '' }, column.label);
        const key = column.key;
        const active = view.sort === key;
        const button = h(
          'button',
          { class: 'sort', type: 'button', 'data-sort': key, title: `Sort by ${column.label.toLowerCase()}` },
          column.label,
          active ? (view.descending ? ' ▼' : ' ▲') : '',
        );
        button.addEventListener('click', () => view.onSort(key));
        return h(
          'th',
          {
            scope: 'col',
            class: column.numeric ? 'num' : '',
            'aria-sort': active ? (view.descending ? 'descending' : 'ascending') : 'none',
          },
          button,
        );
      }),
    ),
  );
}

function row(site: TraceSite, view: SitesView): HTMLElement {
  const failures = failureCount(site);
  const key = siteKey(site);
  const deserialize =
    site.deserializeMs === null ? '—' : `${formatDuration(site.deserializeMs)}${site.deserializeEstimated ? '*' : ''}`;
  return h(
    'tr',
    { 'data-site': key, class: `${failures > 0 ? 'has-failures' : ''} ${view.focus === key ? 'focused' : ''}`.trim() },
    h(
      'th',
      { scope: 'row' },
      siteLink(site, view.roots, view.onOpen),
      h('div', { class: 'channel' }, siteChannel(site)),
    ),
    h('td', { class: 'num' }, site.messages.toLocaleString('en-US')),
    h(
      'td',
      {
        class: 'num',
        title: [
          `p50 ${formatBytes(site.bytes.p50)}`,
          `p95 ${formatBytes(site.bytes.p95)}`,
          `max ${formatBytes(site.bytes.max)}`,
        ].join(' · '),
      },
      `${site.bytes.estimated ? '≈' : ''}${formatBytes(site.bytes.total)}`,
      h('div', { class: 'sub' }, `p95 ${formatBytes(site.bytes.p95)}`),
    ),
    h('td', { class: 'num' }, formatDuration(site.serializeMs)),
    h('td', { class: 'num' }, deserialize),
    h(
      'td',
      { class: 'num' },
      failures > 0 ? h('span', { class: 'badge error' }, `${failures} ✗`) : '',
      site.findings.length > 0 ? h('span', { class: 'badge warn' }, `${site.findings.length} ⚠`) : '',
      failures === 0 && site.findings.length === 0 ? '—' : '',
    ),
  );
}

export function renderSites(sites: readonly TraceSite[], view: SitesView): HTMLElement {
  const sorted = sortSites(sites, view.sort, view.descending);
  const body = h('tbody');
  const fragment = document.createDocumentFragment();
  for (const site of sorted.slice(0, view.rowLimit)) fragment.appendChild(row(site, view));
  body.appendChild(fragment);
  const hidden = sorted.length - Math.min(sorted.length, view.rowLimit);
  const showAll =
    hidden > 0
      ? h(
          'button',
          { type: 'button', class: 'show-all' },
          `Show all ${sorted.length.toLocaleString('en-US')} sites (${hidden.toLocaleString('en-US')} more)`,
        )
      : null;
  showAll?.addEventListener('click', () => view.onShowAll());
  return h(
    'section',
    { class: 'sites', 'aria-labelledby': 'sites-title' },
    h('h3', { id: 'sites-title' }, `Send sites (${sites.length.toLocaleString('en-US')})`),
    h('div', { class: 'table-scroll' }, h('table', { class: 'sites-table' }, header(view), body)),
    showAll,
    h('p', { class: 'note' }, '≈ estimated from the measured messages · * deserialize time estimated'),
  );
}
