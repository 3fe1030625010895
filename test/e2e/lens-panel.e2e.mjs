// The main path a user takes: a lens above a function of the seed scenario opens the results panel.
import assert from 'node:assert/strict';

export default async function lensOpensResultsPanel({ page, openWorkbench, codeLens, webview, screenshot, log }) {
  await openWorkbench('seed-scenario.mjs');
  const lens = codeLens('Profile serialization').first();
  await lens.waitFor({ timeout: 60_000 });
  await screenshot('editor-lens');
  await lens.click();

  // The extension may ask for arguments (prefilled); accept whatever it proposes until the panel is there.
  const quickInput = page.locator('.quick-input-widget').filter({ visible: true });
  const panelReady = page.locator('iframe.webview.ready').filter({ visible: true });
  for (let accepted = 0; ; accepted += 1) {
    await quickInput.or(panelReady).first().waitFor({ timeout: 60_000 });
    if (!(await quickInput.isVisible())) break;
    assert.ok(accepted < 5, 'the quick input keeps coming back');
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  }

  const row = webview().locator('tr', { hasText: 'by-value' }).first();
  await row.waitFor({ timeout: 120_000 });
  const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
  log(`results row: ${text}`);
  assert.match(text, /by-value/);
  await screenshot('results-panel');
}
