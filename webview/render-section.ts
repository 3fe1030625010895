import { groupFailures } from '../shared/failure-groups';
import { relativePath } from '../shared/failure-text';
import { FUNCTION_AS_STRING_HEAD, functionAsStringNote } from '../shared/function-as-string';
import { formatMs, verdict } from '../shared/format';
import { h } from './dom';
import type { ExportAction, ExportFormat, PanelEntry } from '../shared/panel-messages';
import { renderChart } from './render-chart';
import { renderFailure, type Post } from './render-failure';
import { renderPhaseTable } from './render-phases';
import { renderTable } from './render-table';
import type { ProfileReport } from '../shared/report';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function runtimeOf(report: ProfileReport): string {
  return report.python
    ? `Python ${report.python.version} · loky (${report.python.context})`
    : `${report.backend} backend`;
}

function renderWarnings(report: ProfileReport): HTMLElement | undefined {
  const items = report.results.flatMap((r) =>
    r.warnings.map((w) => h('li', {}, h('code', {}, r.mode), ' ', h('code', {}, w.path), ': ', w.message)),
  );
  if (items.length === 0) return undefined;
  return h('div', { class: 'warnings' }, h('h3', {}, `Warnings (${items.length})`), h('ul', {}, ...items));
}

/** What workerpool's `pool.exec(fn)` would do with this function, sent as its text. */
function renderFunctionAsString(report: ProfileReport, roots: readonly string[]): HTMLElement | undefined {
  const note = functionAsStringNote(report, (file) => relativePath(file, roots));
  if (!note) return undefined;
  return h(
    'p',
    { class: `as-string ${note.runs ? 'runs' : 'fails'}`, 'data-verdict': note.runs ? 'runs' : 'fails' },
    h('strong', {}, FUNCTION_AS_STRING_HEAD),
    ' ',
    note.text,
  );
}

function renderHistory(entry: PanelEntry): HTMLElement | undefined {
  const earlier = entry.reports.slice(1);
  if (earlier.length === 0) return undefined;
  return h(
    'details',
    { class: 'history' },
    h('summary', {}, `Earlier runs (${earlier.length})`),
    h(
      'table',
      { class: 'history-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'When'),
          h('th', { scope: 'col' }, 'Arguments'),
          h('th', { scope: 'col' }, 'Verdict'),
        ),
      ),
      h(
        'tbody',
        {},
        ...earlier.map((report) =>
          h(
            'tr',
            {},
            h('td', {}, new Date(report.startedAt).toLocaleTimeString()),
            h('td', {}, h('code', {}, report.argsExpression || '(none)')),
            h('td', {}, verdict(report)),
          ),
        ),
      ),
    ),
  );
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const element = h('button', { type: 'button', title }, label);
  element.addEventListener('click', onClick);
  return element;
}

function renderActions(entry: PanelEntry, post: Post): HTMLElement {
  const exportAs = (format: ExportFormat, action: ExportAction) => () =>
    post({ type: 'export', key: entry.key, format, action });
  return h(
    'div',
    { class: 'actions' },
    button('↻ Re-run', 'Profile this function again with the same arguments', () =>
      post({ type: 'rerun', key: entry.key }),
    ),
    button('Edit arguments…', 'Profile this function again with other arguments', () =>
      post({ type: 'editArgs', key: entry.key }),
    ),
    h('span', { class: 'group-label' }, 'Copy'),
    button('JSON', 'Copy the latest report as JSON', exportAs('json', 'copy')),
    button('Markdown', 'Copy the latest report as a Markdown table', exportAs('markdown', 'copy')),
    h('span', { class: 'group-label' }, 'Save'),
    button('JSON…', 'Save the latest report as a JSON file', exportAs('json', 'save')),
    button('Markdown…', 'Save the latest report as a Markdown file', exportAs('markdown', 'save')),
  );
}

/** One function: its latest run as a table, a chart, failures and warnings, then its earlier runs. */
export function renderSection(entry: PanelEntry, post: Post, roots: readonly string[] = []): HTMLElement {
  const [report] = entry.reports;
  const groups = groupFailures(report.results);
  const failedModes = groups.reduce((sum, group) => sum + group.results.length, 0);
  const failures = groups.map((group) => renderFailure(group, report, post, roots));
  const cold = report.results.find((r) => r.cold)?.cold;
  return h(
    'section',
    { class: `function${entry.stale ? ' stale' : ''}`, 'data-key': entry.key, 'data-function': entry.functionName },
    h(
      'header',
      {},
      h('h2', {}, h('code', {}, `${entry.displayName}(${report.argsExpression})`)),
      h(
        'p',
        { class: 'meta' },
        `${relativePath(entry.file, roots)} · ${runtimeOf(report)} · ` +
          `${report.repeat} measured round${report.repeat === 1 ? '' : 's'} after ${report.warmup} warm-up`,
        cold && ` · cold start ${formatMs(cold.total)}`,
        ` · ${new Date(report.startedAt).toLocaleTimeString()}`,
      ),
      entry.stale &&
        h(
          'p',
          { class: 'stale', role: 'status' },
          'The file changed since this run: re-run to see its current verdict.',
        ),
      renderActions(entry, post),
    ),
    h('div', { class: 'table-scroll' }, renderTable(report)),
    renderChart(report),
    renderPhaseTable(report),
    renderFunctionAsString(report, roots),
    failures.length > 0 &&
      h(
        'div',
        { class: 'failures' },
        h('h3', {}, `Failures: ${plural(failedModes, 'mode')}, ${plural(failures.length, 'cause')}`),
        ...failures,
      ),
    renderWarnings(report),
    renderHistory(entry),
  );
}
