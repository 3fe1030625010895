// The panel as a user meets it in a side panel of about 450 px, in light and dark themes: arguments checked as
// they are typed (JavaScript and Python), every column visible without scrolling sideways, seven distinct phase
// colours, what a failed mode cost before failing, no crown for a mode that changes the value, and "Edit
// arguments…" from the panel.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { switchTheme } from '../harness/lib/color-theme.mjs';

const PANEL_WIDTH = 450;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Types into the argument box and returns the validation message the editor shows under it. */
async function validationFor({ page }, text, expected) {
  const input = page.locator('.quick-input-widget input').filter({ visible: true });
  await input.fill(text);
  const message = page.locator('.quick-input-widget .quick-input-message').filter({ visible: true });
  await page
    .waitForFunction(
      ([selector, wanted]) => [...document.querySelectorAll(selector)].some((e) => e.textContent.includes(wanted)),
      ['.quick-input-widget .quick-input-message', expected],
      { timeout: 15_000 },
    )
    .catch(async () => {
      throw new Error(
        `for "${text}" the argument box says "${await message.textContent().catch(() => '')}", not "${expected}"`,
      );
    });
  return message.textContent();
}

/** Makes the results panel (the editor group beside the source) about PANEL_WIDTH px wide. */
async function fitPanel(helpers) {
  const { page } = helpers;
  for (let attempt = 0; attempt < 3; attempt++) {
    const width = await helpers
      .webview()
      .locator('body')
      .evaluate(() => document.documentElement.clientWidth);
    if (Math.abs(width - PANEL_WIDTH) <= 12) return width;
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport.width + 2 * (PANEL_WIDTH - width), height: viewport.height });
    await page.waitForTimeout(800);
  }
  return helpers
    .webview()
    .locator('body')
    .evaluate(() => document.documentElement.clientWidth);
}

async function checkLayout(helpers, theme) {
  const webview = helpers.webview();
  const layout = await webview.locator('body').evaluate(() => ({
    clientWidth: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    tables: [...document.querySelectorAll('table.modes, details[open] table.phase-table')].map((t) => ({
      width: t.scrollWidth,
      box: t.parentElement.clientWidth,
    })),
    colours: [...(document.querySelector('.legend')?.querySelectorAll('.swatch') ?? [])].map(
      (s) => getComputedStyle(s).backgroundColor,
    ),
  }));
  helpers.log(`${theme}: ${JSON.stringify(layout)}`);
  check(
    layout.scrollWidth <= layout.clientWidth + 1,
    `${theme}: the panel scrolls sideways (${layout.scrollWidth} > ${layout.clientWidth})`,
  );
  for (const table of layout.tables)
    check(table.width <= table.box + 1, `${theme}: a results table is cut (${table.width} > ${table.box})`);
  check(layout.colours.length === 7, `${theme}: ${layout.colours.length} legend swatches`);
  check(new Set(layout.colours).size === 7, `${theme}: phases share a colour: ${layout.colours.join(', ')}`);
}

async function openArgumentBox(helpers, lensText = 'Profile serialization') {
  const lens = helpers.codeLens(lensText).first();
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();
  const input = helpers.page.locator('.quick-input-widget input').filter({ visible: true });
  await input.waitFor();
  return input;
}

export default async function sidePanel(helpers) {
  const { page } = helpers;
  mkdirSync(join(helpers.workspaceDir, '.vscode'), { recursive: true });
  writeFileSync(
    join(helpers.workspaceDir, '.vscode', 'settings.json'),
    JSON.stringify({ 'serializationProfiler.repeat': 2, 'serializationProfiler.warmup': 0 }),
  );
  writeFileSync(
    join(helpers.workspaceDir, 'tally.mjs'),
    [
      'export class Tally {',
      '  constructor(xs) {',
      '    this.xs = xs;',
      '  }',
      '}',
      '',
      '/** @profileArgs new Tally([1, 2, 3]) */',
      'export function total(tally) {',
      '  return tally.xs.reduce((a, b) => a + b, 0);',
      '}',
      '',
    ].join('\n'),
  );

  // Python: the seed's argument is prefilled like the JavaScript one, and checked as it is typed.
  await helpers.openWorkbench('python/seed_scenario.py');
  let input = await openArgumentBox(helpers);
  check((await input.inputValue()) === '21, large_list', `the Python argument box holds "${await input.inputValue()}"`);
  helpers.log(`python: ${await validationFor(helpers, '21, large_lst', 'did you mean `large_list`?')}`);
  helpers.log(`python: ${await validationFor(helpers, '21, [1, 2', '`[` at column 5 is not closed')}`);
  await page.keyboard.press('Escape');

  await helpers.openWorkbench('seed-scenario.mjs');
  await helpers.runCommand('View: Close Primary Side Bar');
  input = await openArgumentBox(helpers);
  helpers.log(`javascript: ${await validationFor(helpers, '21, largeLst', 'did you mean `largeList`?')}`);
  helpers.log(`javascript: ${await validationFor(helpers, '21, largeList)', '`)` at column 14 closes nothing')}`);
  await input.fill('21, largeList');
  await page.keyboard.press('Enter');

  const webview = helpers.webview();
  await webview.locator('table.modes tbody tr').nth(4).waitFor({ timeout: 120_000 });
  const width = await fitPanel(helpers);
  helpers.log(`panel width ${width} px`);

  // A failed mode shows what it cost before failing, in the table and in its failure.
  const json = webview.locator('tr.mode-row[data-mode="json"]');
  const jsonTask = await json.locator('td.task-bytes').innerText();
  const jsonTotal = await json.locator('td.total').innerText();
  check(/MiB/.test(jsonTask), `json's task bytes: ${jsonTask}`);
  check(/^\(.+\)$/.test(jsonTotal), `json's total before failing: ${jsonTotal}`);
  // The three modes that cannot import funcAsync failed the same way: one failure, each mode's cost inside it.
  const failures = await webview.locator('.failure').evaluateAll((articles) => articles.map((a) => a.dataset.modes));
  check(
    failures.length === 1 && failures[0] === 'by-reference json structured-clone',
    `failures: ${JSON.stringify(failures)}`,
  );
  const cost = await webview.locator('.failure[data-modes~="json"] .cost li[data-mode="json"]').innerText();
  check(/^json serialize .* · task .*MiB$/.test(cost), `json's cost before failing: ${cost}`);

  await page.waitForTimeout(500);
  await checkLayout(helpers, 'light');
  await helpers.screenshot('light');

  // Edit arguments… from the panel opens the argument box on the arguments of the run.
  await webview.locator('button', { hasText: 'Edit arguments…' }).first().click();
  input = page.locator('.quick-input-widget input').filter({ visible: true });
  await input.waitFor();
  check((await input.inputValue()) === '21, largeList', `Edit arguments… opened with "${await input.inputValue()}"`);
  await page.keyboard.press('Escape');

  await switchTheme(helpers, 'Dark Modern');
  await checkLayout(helpers, 'dark');
  await webview.locator('details.phases summary').first().click();
  await page.waitForTimeout(300);
  await checkLayout(helpers, 'dark, phase medians open');
  const shot = await helpers.screenshot('dark');
  copyFileSync(shot, join(repoRoot, 'test-output', 'screenshots', 'panel.png'));

  // A mode that changes the value (the class instance loses its prototype) is never crowned fastest.
  await page
    .locator('.monaco-editor .view-lines')
    .first()
    .click({ position: { x: 5, y: 5 } });
  await helpers.runCommand('Go to File...');
  await page.keyboard.type('tally.mjs');
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  input = await openArgumentBox(helpers);
  check((await input.inputValue()) === 'new Tally([1, 2, 3])', `tally's arguments: ${await input.inputValue()}`);
  await page.keyboard.press('Enter');
  const tally = webview.locator('section.function[data-function="total"]');
  await tally.locator('table.modes tbody tr').nth(4).waitFor({ timeout: 120_000 });
  const rows = await tally.locator('tr.mode-row').evaluateAll((trs) =>
    trs.map((tr) => ({
      mode: tr.dataset.mode,
      fastest: tr.classList.contains('fastest'),
      lossy: !!tr.querySelector('.badge.lossy'),
    })),
  );
  helpers.log(`tally: ${JSON.stringify(rows)}`);
  for (const mode of ['json', 'structured-clone']) {
    const row = rows.find((r) => r.mode === mode);
    check(row?.lossy && !row.fastest, `${mode}: ${JSON.stringify(row)}`);
  }
  check(rows.filter((r) => r.fastest).length === 1, 'one mode is crowned');
  await checkLayout(helpers, 'dark, two functions');
  await helpers.screenshot('dark-lossy');
}
