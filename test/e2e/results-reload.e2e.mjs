// Developer: Reload Window with the results panel open: the panel comes back with the results it showed.
import assert from 'node:assert/strict';

export default async function resultsPanelAfterReload({ page, openWorkbench, codeLens, webview, runCommand, log }) {
  // Opened from Quick Open, not from the URL: a workbench opened on a file does not restore its editors on reload.
  await openWorkbench();
  await page.keyboard.press('Control+P');
  const quickOpen = page.locator('.quick-input-widget input');
  await quickOpen.waitFor({ timeout: 30_000 });
  await quickOpen.fill('seed-scenario.mjs');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'seed-scenario.mjs' }).first().waitFor();
  await page.keyboard.press('Enter');
  const lens = codeLens('Profile serialization').first();
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();
  const quickInput = page.locator('.quick-input-widget').filter({ visible: true });
  const panelReady = page.locator('iframe.webview.ready').filter({ visible: true });
  for (let accepted = 0; ; accepted += 1) {
    await quickInput.or(panelReady).first().waitFor({ timeout: 60_000 });
    if (!(await quickInput.isVisible())) break;
    assert.ok(accepted < 5, 'the quick input keeps coming back');
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  }
  const rows = webview().locator('tr', { hasText: 'by-value' });
  await rows.first().waitFor({ timeout: 120_000 });
  const before = (await rows.first().innerText()).replace(/\s+/g, ' ').trim();

  await runCommand('Developer: Reload Window');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const restored = webview().locator('tr', { hasText: 'by-value' }).first();
  await restored.waitFor({ timeout: 60_000 });
  const after = (await restored.innerText()).replace(/\s+/g, ' ').trim();
  log(`results row before the reload: ${before}; after: ${after}`);
  assert.equal(after, before, 'the same results');
}
