// Click the lens on the seed scenario, answer the argument box, read the results table inside the webview,
// follow the failure's source link back to the editor, and take screenshots in dark and light themes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenshotDir } from '../harness/lib/paths.mjs';
import { switchTheme } from '../harness/lib/color-theme.mjs';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

export default async function profileSeed(helpers) {
  const { page } = helpers;
  // Few rounds keep the scenario quick; the seed's million-element list makes each round heavy.
  mkdirSync(join(helpers.workspaceDir, '.vscode'), { recursive: true });
  writeFileSync(
    join(helpers.workspaceDir, '.vscode', 'settings.json'),
    JSON.stringify({ 'serializationProfiler.repeat': 2, 'serializationProfiler.warmup': 0 }, null, 2),
  );
  await helpers.openWorkbench('seed-scenario.mjs');

  const lens = helpers.codeLens('Profile serialization').first();
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();

  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  check((await input.inputValue()) === '21, largeList', `argument box prefilled with "${await input.inputValue()}"`);
  await page.keyboard.press('Enter');

  const webview = helpers.webview();
  const rows = webview.locator('table.modes tbody tr');
  await rows.nth(4).waitFor({ timeout: 120_000 });
  const table = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      mode: tr.dataset.mode,
      status: tr.dataset.status,
      total: tr.querySelector('td.total')?.textContent,
    })),
  );
  helpers.log(JSON.stringify(table));
  const status = Object.fromEntries(table.map((row) => [row.mode, row.status]));
  check(status['by-value'] === 'ok', `by-value is ${status['by-value']}`);
  check(status['by-reference'] === 'error', `by-reference is ${status['by-reference']}`);
  const kind = await webview.locator('.failure[data-mode="by-reference"]').getAttribute('data-kind');
  check(kind === 'task-deserialize', `by-reference failed with ${kind}`);

  // The failure says its message once, short, with workspace-relative paths; path, place and hint on their own lines.
  const failure = webview.locator('.failure[data-mode="by-reference"]');
  const message = await failure.locator('.message').innerText();
  helpers.log(`by-reference message: ${message}`);
  check(
    !message.includes(helpers.workspaceDir) && !message.includes('/tmp/'),
    `absolute path in the message: ${message}`,
  );
  check(
    !/Please ensure|wrapNonPicklable \/ use by-value|\(at fn\)|defined at/.test(message),
    `the message repeats what other lines say: ${message}`,
  );
  check(message.length < 200, `the message is ${message.length} characters long`);
  const where = await failure.locator('.where').innerText();
  check(/Value fn · defined at seed-scenario\.mjs:6:10/.test(where), `where line: ${where}`);
  check(/^Hint: export it/.test(await failure.locator('.hint').innerText()), 'hint line');
  check(
    await failure.locator('details.cause pre').evaluate((pre) => /PickleError/.test(pre.textContent)),
    'the full cause in Cause',
  );

  // What workerpool's pool.exec(fn) would do with the function sent as its text, as the CLI says it.
  const asString = await webview.locator('.as-string').innerText();
  check(
    /^workerpool's pool\.exec\(fn\): runs: the function reads no binding/.test(asString),
    `pool.exec(fn) note: ${asString}`,
  );

  const verdict = helpers.codeLens('by-reference ✗ un-serialize').first();
  await verdict.waitFor({ timeout: 20_000 });

  await page.waitForTimeout(500);
  await helpers.screenshot('light');

  // The failure's source link opens the definition at its line and column.
  await page
    .locator('.monaco-editor .view-lines')
    .first()
    .click({ position: { x: 5, y: 5 } });
  await webview.locator('.failure[data-mode="by-reference"] a.source-link').click();
  const selection = page.locator('#status\\.editor\\.selection');
  await page
    .waitForFunction(
      () => /Ln 6, Col 10/.test(document.querySelector('[id="status.editor.selection"]')?.textContent ?? ''),
      undefined,
      { timeout: 10_000 },
    )
    .catch(async () => {
      throw new Error(`cursor after the source link: ${await selection.textContent().catch(() => '(no status)')}`);
    });

  await switchTheme(helpers, 'Dark Modern');
  await helpers.screenshot('dark');
  await page.screenshot({ path: join(screenshotDir, 'panel.png') });
  await switchTheme(helpers, 'Dark High Contrast');
  await helpers.screenshot('high-contrast');
}
