// Recording from the palette: the example pipeline's npm script runs recorded in a terminal, the Traffic view
// opens beside the editor; its controls work from the keyboard, it follows light and dark themes, it compares two
// recordings, it comes back after a window reload, and a trace of 1,000 send sites and 10⁶ messages opens quickly
// (the time is printed).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeLargeTrace } from '../harness/lib/large-trace.mjs';

/** Chooses `text` in the quick pick whose input says `placeholder`. */
async function pick(page, placeholder, text) {
  const input = page.locator(`.quick-input-widget input[placeholder="${placeholder}"]`);
  await input.waitFor({ timeout: 30_000 });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** The palette from the editor (a focused terminal would take F1), asked again while the workbench is busy. */
async function palette(page, title) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; ; attempt++) {
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('F1');
    if (
      await input.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    assert.ok(attempt < 3, 'the command palette does not open');
  }
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

async function record(helpers) {
  const { page, webview } = helpers;
  await palette(page, 'Serialization Profiler: Record Serialization Traffic…');
  await pick(page, 'What should run (recorded)?', 'npm run start');
  await page.locator('.statusbar-item', { hasText: 'Recording npm run start' }).waitFor({ timeout: 60_000 });
  await page
    .locator('.terminal-tab, .terminal-tabs-entry, .single-terminal-tab', { hasText: 'Record: npm run start' })
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(() => {});
  await webview().locator('table.sites-table tbody tr').first().waitFor({ timeout: 120_000 });
}

/** The editor at its first line, where the screenshots show the lenses (a click in it may have scrolled it down). */
async function editorToTop(page) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  await page.waitForTimeout(300);
}

/** Light ↔ dark, and the view's background once it has followed. */
async function toggleTheme(helpers) {
  await palette(helpers.page, 'Preferences: Toggle between Light/Dark Themes');
  await helpers.page.waitForTimeout(1500);
  return helpers
    .webview()
    .locator('body')
    .evaluate((b) => getComputedStyle(b).backgroundColor);
}

const isLight = (rgb) => /rgb\((2[0-9]{2}), (2[0-9]{2}), (2[0-9]{2})\)/.test(rgb);

export default async function trafficView(helpers) {
  const { page, openWorkbench, webview, screenshot, workspaceDir, log } = helpers;
  // The file is opened from Quick Open, not from the URL: a workbench opened on a file does not restore its
  // editors (the Traffic view among them) when it reloads, and this scenario reloads the window.
  await openWorkbench();
  await page.keyboard.press('Control+P');
  const quickOpen = page.locator('.quick-input-widget input');
  await quickOpen.waitFor({ timeout: 30_000 });
  await quickOpen.fill('recording/main.mjs');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'main.mjs' })
    .first()
    .waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
  await record(helpers);
  const view = webview();
  const rows = await view.locator('table.sites-table tbody tr').count();
  log(`Traffic view after recording npm run start: ${rows} send sites`);
  assert.ok(rows >= 4, `expected the example's send sites, saw ${rows}`);
  const lens = helpers.codeLens('40 messages').first();
  await lens.waitFor({ timeout: 30_000 });
  log(`lens: ${await lens.innerText()}`);
  // The terminal has done its part: hide the panel so the editor shows the lenses.
  await palette(page, 'View: Hide Panel');
  await view.locator('header').scrollIntoViewIfNeeded();
  const firstBackground = await view.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
  log(`theme at start: ${isLight(firstBackground) ? 'light' : 'dark'} (${firstBackground})`);
  await editorToTop(page);
  await screenshot(isLight(firstBackground) ? 'light' : 'dark');

  // The keyboard: a sort header is a button; Enter sorts, again reverses; Tab reaches the next control.
  const bytesHeader = view.locator('th:has(button[data-sort="bytes"])');
  await view.locator('button[data-sort="bytes"]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await bytesHeader.getAttribute('aria-sort'), 'descending');
  await page.keyboard.press('Enter');
  assert.equal(await view.locator('th:has(button[data-sort="bytes"])').getAttribute('aria-sort'), 'ascending');
  await page.keyboard.press('Tab');
  assert.equal(
    await view.locator(':focus').getAttribute('data-sort'),
    'serializeMs',
    'Tab moves from Bytes to Serialize',
  );
  await page.keyboard.press('Space');
  assert.equal(await view.locator('th:has(button[data-sort="serializeMs"])').getAttribute('aria-sort'), 'descending');
  const firstBytes = await view.locator('table.sites-table tbody tr').first().locator('td').nth(1).innerText();
  log(`sorted by serialize time from the keyboard; first row's bytes: ${firstBytes}`);
  await view.locator('button[data-export="json-save"]').focus();
  await page.keyboard.press('Tab');
  assert.equal(
    await view.locator(':focus').getAttribute('data-export'),
    'markdown-save',
    'the export buttons are in the Tab order',
  );

  const toggled = await toggleTheme(helpers);
  log(`after toggling the theme: ${toggled}`);
  assert.notEqual(isLight(toggled), isLight(firstBackground), 'the view follows the theme');
  await view
    .locator('.table-scroll')
    .first()
    .evaluate((e) => {
      e.scrollLeft = 0;
    });
  await editorToTop(page);
  await view.locator('header').scrollIntoViewIfNeeded();
  await screenshot(isLight(toggled) ? 'light' : 'dark');

  // A second recording: compare the two.
  await record(helpers);
  const select = webview().locator('#compare-with');
  await select.selectOption({ index: 1 });
  await webview().locator('section.compare table tbody tr').first().waitFor({ timeout: 30_000 });
  log(`comparison rows: ${await webview().locator('section.compare table tbody tr').count()}`);
  await webview().locator('section.compare').scrollIntoViewIfNeeded();
  await screenshot(isLight(toggled) ? 'compare-light' : 'compare-dark');

  // Developer: Reload Window: the view comes back with its recording, its sort and its comparison, and the
  // editor's lenses with it.
  const sortedHeader = 'table.sites-table th:not([aria-sort="none"]) button[data-sort]';
  const sortedBy = await webview().locator(sortedHeader).getAttribute('data-sort');
  const sitesShown = await webview().locator('table.sites-table tbody tr').count();
  await palette(page, 'Developer: Reload Window');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const reloaded = webview();
  await reloaded.locator('table.sites-table tbody tr').first().waitFor({ timeout: 60_000 });
  await reloaded.locator('section.compare table tbody tr').first().waitFor({ timeout: 30_000 });
  assert.equal(await reloaded.locator('table.sites-table tbody tr').count(), sitesShown, 'the same send sites');
  assert.equal(await reloaded.locator(sortedHeader).getAttribute('data-sort'), sortedBy, 'the same sort');
  assert.notEqual(await reloaded.locator('#compare-with').inputValue(), '', 'the same comparison');
  // The restored editor shows its last lines; lenses are drawn for the lines on screen.
  await editorToTop(page);
  await helpers.codeLens('40 messages').first().waitFor({ timeout: 60_000 });
  log(`after Reload Window: ${sitesShown} send sites, the sort, the comparison and the lenses are back`);

  // Scale: 1,000 send sites and 10⁶ messages.
  const trace = writeLargeTrace(join(workspaceDir, 'load'), 1000, 1_000_000);
  await palette(page, 'Serialization Profiler: Open Trace…');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 30_000 });
  // The simple file dialog fills in its folder first: type the path only after that.
  for (let i = 0; i < 100 && !(await input.inputValue()).startsWith('/'); i++) await page.waitForTimeout(100);
  // It may still be filling in its folder (slower on a busy machine): type the path again until it stays.
  for (let attempt = 0; ; attempt++) {
    await page.waitForTimeout(500);
    await input.fill(trace);
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'large-trace.json' })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    if ((await input.inputValue()) === trace) break;
    assert.ok(attempt < 5, `the file dialog keeps replacing the path: ${await input.inputValue()}`);
  }
  const started = Date.now();
  await page.keyboard.press('Enter');
  await webview().locator('h3#sites-title', { hasText: '1,000' }).waitFor({ timeout: 60_000 });
  const wall = Date.now() - started;
  const timing = webview().locator('#open-time', { hasText: 'Opened in' });
  await timing.waitFor({ timeout: 30_000 });
  log(
    `1,000 sites / 10⁶ messages: ${await timing.innerText()} ` +
      `${wall} ms from Enter to the table on screen (file dialog, browser and workbench included).`,
  );
  assert.equal(
    await webview().locator('table.sites-table tbody tr').count(),
    200,
    'the first 200 rows, the rest on demand',
  );
  await webview().locator('button.show-all').focus();
  await page.keyboard.press('Enter');
  await webview().locator('table.sites-table tbody tr:nth-child(1000)').waitFor({ timeout: 30_000 });
  assert.equal(await webview().locator('table.sites-table tbody tr').count(), 1000);
  await screenshot('1000-sites');
}
