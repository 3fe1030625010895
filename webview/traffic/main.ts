/** The Traffic view: draws the extension's recording, keeps its own sort and comparison across reloads. */
import { h } from '../dom';
import {
  isToTraffic,
  isTrafficViewState,
  type FromTraffic,
  type SortKey,
  type TrafficShow,
  type TrafficViewState,
} from '../../shared/traffic/messages';
import { renderChart } from './render-chart';
import { renderCompare } from './render-compare';
import { renderFindings } from './render-findings';
import { renderSites, type SitesView } from './render-sites';
import { reportSummary, reportTitle } from '../../shared/traffic/site-text';

interface VsCodeApi {
  postMessage(message: FromTraffic): void;
  getState(): unknown;
  setState(state: TrafficViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscodeApi = acquireVsCodeApi();

const app = document.getElementById('app') ?? document.body;
const saved = vscodeApi.getState();
let viewState: TrafficViewState = isTrafficViewState(saved)
  ? saved
  : { sources: [], sort: 'serializeMs', descending: true };
let shown: TrafficShow | undefined;
const FIRST_ROWS = 200;
let rowLimit = FIRST_ROWS;

function toolbar(show: TrafficShow): HTMLElement {
  const select = h(
    'select',
    { id: 'compare-with', 'aria-label': 'Compare with an earlier recording' },
    h('option', { value: '' }, 'Compare with…'),
    ...show.others.map((o) =>
      h(
        'option',
        { value: o.id, selected: show.compare?.id === o.id },
        `${o.label} · ${new Date(o.openedAt).toLocaleTimeString()}`,
      ),
    ),
  );
  select.disabled = show.others.length === 0;
  select.addEventListener('change', () => vscodeApi.postMessage({ type: 'compare', id: select.value || null }));
  const exportButton = (label: string, format: 'json' | 'markdown', action: 'copy' | 'save'): HTMLElement => {
    const button = h('button', { type: 'button', 'data-export': `${format}-${action}` }, label);
    button.addEventListener('click', () => vscodeApi.postMessage({ type: 'export', format, action }));
    return button;
  };
  return h(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Recording actions' },
    select,
    exportButton('Export JSON', 'json', 'save'),
    exportButton('Export Markdown', 'markdown', 'save'),
    exportButton('Copy Markdown', 'markdown', 'copy'),
  );
}

function render(show: TrafficShow, fromExtension = false): void {
  const started = performance.now();
  const report = show.current.report;
  const view: SitesView = {
    sort: viewState.sort,
    descending: viewState.descending,
    rowLimit,
    onShowAll: () => {
      rowLimit = Number.POSITIVE_INFINITY;
      render(show);
      app.querySelector<HTMLElement>('table.sites-table tbody tr:nth-child(' + (FIRST_ROWS + 1) + ') a')?.focus();
    },
    ...(show.focus && { focus: show.focus }),
    roots: show.roots,
    onSort: (key: SortKey) => {
      viewState = {
        ...viewState,
        sort: key,
        descending: viewState.sort === key ? !viewState.descending : key !== 'site',
      };
      vscodeApi.setState(viewState);
      render(show);
      app.querySelector<HTMLButtonElement>(`button[data-sort="${key}"]`)?.focus();
    },
    onOpen: (location, quickFix) =>
      vscodeApi.postMessage({
        type: 'openSource',
        location: { file: location.file, line: location.line, column: location.column },
        quickFix,
      }),
  };
  const timing = h('p', { class: 'meta', id: 'open-time' });
  app.replaceChildren(
    h(
      'header',
      {},
      h('h2', {}, 'Serialization traffic: ', h('code', {}, reportTitle(report))),
      h('p', { class: 'meta' }, reportSummary(report)),
      toolbar(show),
    ),
    report.sites.length === 0
      ? h('p', { class: 'empty' }, 'The run sent nothing to a worker: no send site was recorded.')
      : renderChart(report.sites, show.roots),
    ...(report.sites.length === 0 ? [] : [renderSites(report.sites, view), renderFindings(report.sites, view)]),
    ...(show.compare ? [renderCompare(show.current, show.compare, view)] : []),
    timing,
  );
  const renderMs = performance.now() - started;
  timing.dataset.loadMs = show.loadMs.toFixed(1);
  timing.dataset.renderMs = renderMs.toFixed(1);
  if (show.focus) app.querySelector(`tr[data-site="${CSS.escape(show.focus)}"]`)?.scrollIntoView({ block: 'center' });
  // Reported once the frame is laid out and painted: what the user waits for.
  requestAnimationFrame(() =>
    setTimeout(() => {
      const paintedMs = performance.now() - started;
      timing.dataset.renderMs = paintedMs.toFixed(1);
      if (fromExtension) vscodeApi.postMessage({ type: 'rendered', sites: report.sites.length, renderMs: paintedMs });
    }, 0),
  );
}

function showTiming(loadMs: number, shownMs: number): void {
  const timing = document.getElementById('open-time');
  if (!timing) return;
  timing.textContent =
    `Opened in ${(loadMs + shownMs).toFixed(0)} ms of the extension's time: report read ${loadMs.toFixed(0)} ms, ` +
    `sent and drawn ${shownMs.toFixed(0)} ms (drawing ${timing.dataset.renderMs ?? '?'} ms; ` +
    'not counted: the editor creating this view).';
  timing.dataset.totalMs = (loadMs + shownMs).toFixed(1);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isToTraffic(event.data)) return;
  if (event.data.type === 'timing') {
    showTiming(event.data.loadMs, event.data.shownMs);
    return;
  }
  if (shown?.current.id !== event.data.current.id) rowLimit = FIRST_ROWS;
  if (event.data.focus) rowLimit = Number.POSITIVE_INFINITY;
  shown = event.data;
  viewState = {
    ...viewState,
    sources: [shown.current.source],
    ...(shown.compare ? { compareSource: shown.compare.source } : { compareSource: undefined }),
  };
  vscodeApi.setState(viewState);
  render(shown, true);
});

vscodeApi.postMessage({ type: 'ready' });
