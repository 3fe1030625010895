/** Failures and findings per site, each with what to do and the way to the editor's quick fix. */
import { h } from '../dom';
import { failureCount, formatBytes, siteChannel } from '../../shared/traffic/site-text';
import type { SitesView } from './render-sites';
import { siteLink } from './render-sites';
import { siteKey, type TraceSite } from '../../shared/traffic/trace-report';

function pathCode(path: string | null): HTMLElement | string {
  return path === null || path === '' ? 'the whole message' : h('code', {}, path);
}

function siteBlock(site: TraceSite, view: SitesView): HTMLElement {
  const quickFix = h(
    'button',
    { type: 'button', class: 'quick-fix', title: 'Open the send site and show its quick fixes' },
    'Quick fixes…',
  );
  quickFix.addEventListener('click', () => view.onOpen(site, true));
  const items = [
    ...site.failures.map((f) =>
      h(
        'li',
        { class: 'failure-item' },
        h('span', { class: 'badge error' }, f.kind),
        ` ×${f.count.toLocaleString('en-US')} at `,
        pathCode(f.path),
        `: ${f.message}`,
        f.location ? h('div', { class: 'where' }, 'defined at ', siteLink(f.location, view.roots, view.onOpen)) : null,
      ),
    ),
    ...site.findings.map((f) =>
      h(
        'li',
        { class: 'finding-item' },
        h('span', { class: 'badge warn' }, f.kind),
        ' at ',
        pathCode(f.path),
        f.bytes > 0 ? ` (${formatBytes(f.bytes)}${f.count > 1 ? ` ×${f.count.toLocaleString('en-US')}` : ''})` : '',
        `: ${f.message}`,
        h('div', { class: 'fix' }, h('strong', {}, 'Fix: '), f.fix),
      ),
    ),
  ];
  return h(
    'article',
    { class: `site-findings${view.focus === siteKey(site) ? ' focused' : ''}`, 'data-site': siteKey(site) },
    h('h4', {}, siteLink(site, view.roots, view.onOpen), ` · ${siteChannel(site)} `, quickFix),
    h('ul', {}, ...items),
  );
}

export function renderFindings(sites: readonly TraceSite[], view: SitesView): HTMLElement {
  const affected = sites
    .filter((s) => s.failures.length > 0 || s.findings.length > 0)
    .sort((a, b) => failureCount(b) - failureCount(a) || b.findings.length - a.findings.length);
  const title = h(
    'h3',
    { id: 'findings-title' },
    `Failures and findings (${affected.length.toLocaleString('en-US')} sites)`,
  );
  if (affected.length === 0)
    return h(
      'section',
      { class: 'findings', 'aria-labelledby': 'findings-title' },
      title,
      h('p', { class: 'empty' }, 'Nothing failed and nothing was wasted.'),
    );
  return h(
    'section',
    { class: 'findings', 'aria-labelledby': 'findings-title' },
    title,
    ...affected.slice(0, 200).map((s) => siteBlock(s, view)),
    affected.length > 200
      ? h(
          'p',
          { class: 'note' },
          `${affected.length - 200} more sites with findings: export the report to see them all.`,
        )
      : null,
  );
}
