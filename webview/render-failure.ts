import { failureSummary, poolNote, relativePath, relativePaths } from '../shared/failure-text';
import type { FailureGroup } from '../shared/failure-groups';
import { costBeforeFailing, editorHint } from '../shared/format';
import type { FromPanel } from '../shared/panel-messages';
import type { ProfileReport, SourceLocation } from '../shared/report';
import { h } from './dom';

export type Post = (message: FromPanel) => void;

/** Text with `backticked` identifiers shown as code. */
export function withCode(text: string): Array<Node | string> {
  return text.split('`').map((part, i) => (i % 2 === 1 ? h('code', {}, part) : part));
}

function sourceLink(location: SourceLocation, post: Post, roots: readonly string[]): HTMLAnchorElement {
  const link = h(
    'a',
    {
      href: '#',
      class: 'source-link',
      title: `Open ${location.file} at line ${location.line}, column ${location.column}`,
      'data-line': location.line,
      'data-column': location.column,
    },
    `${relativePath(location.file, roots)}:${location.line}:${location.column}`,
  );
  link.addEventListener('click', (event) => {
    event.preventDefault();
    post({ type: 'openSource', location });
  });
  return link;
}

/** What each mode spent before failing: one line for one mode, a line per mode for several. */
function renderCosts(group: FailureGroup): HTMLElement | undefined {
  const costs = group.results
    .map((r) => ({ mode: r.mode, cost: costBeforeFailing(r) }))
    .filter((c) => c.cost !== undefined);
  if (costs.length === 0) return undefined;
  if (group.results.length === 1) return h('p', { class: 'cost' }, h('strong', {}, 'Before failing: '), costs[0].cost);
  return h(
    'div',
    { class: 'cost' },
    h('strong', {}, 'Before failing:'),
    h('ul', {}, ...costs.map((c) => h('li', { 'data-mode': c.mode }, h('code', {}, c.mode), ' ', c.cost))),
  );
}

/** The modes that failed the same way, told once: what, where, the hint, what each spent, the full cause. */
export function renderFailure(
  group: FailureGroup,
  report: ProfileReport,
  post: Post,
  roots: readonly string[],
): HTMLElement {
  const { error } = group;
  const modes = group.results.map((r) => r.mode);
  const pool = poolNote(error);
  const summary = failureSummary(error, roots);
  const hint = editorHint(error, report);
  return h(
    'article',
    { class: 'failure', 'data-mode': modes[0], 'data-modes': modes.join(' '), 'data-kind': error.kind },
    h(
      'h4',
      {},
      ...modes.flatMap((mode, i) => [i > 0 && ', ', h('code', {}, mode)]),
      ' ',
      h('span', { class: 'badge error' }, error.kind),
    ),
    h('p', { class: 'message' }, ...withCode(summary)),
    (error.path || error.location) &&
      h(
        'p',
        { class: 'where' },
        error.path && h('span', {}, 'Value ', h('code', {}, error.path)),
        error.path && error.location && ' · ',
        error.location && h('span', {}, 'defined at ', sourceLink(error.location, post, roots)),
      ),
    hint && h('p', { class: 'hint' }, h('strong', {}, 'Hint: '), ...withCode(relativePaths(hint, roots))),
    renderCosts(group),
    pool && h('p', { class: 'pool' }, h('strong', {}, 'Pool: '), pool),
    (error.cause || summary !== error.message) &&
      h(
        'details',
        { class: 'cause' },
        h('summary', {}, 'Cause'),
        h('pre', {}, relativePaths(error.cause ?? error.message, roots)),
      ),
  );
}
