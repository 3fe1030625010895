// Developer: Reload Window with the results panel open: the panel comes back with the results it showed.
import assert from 'node:assert/strict';
import { firstByValueRow, profileFromLens } from '../harness/lib/lens-profile.mjs';

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
  const before = await profileFromLens({ page, webview }, lens);

  await runCommand('Developer: Reload Window');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const after = await firstByValueRow({ webview }, 60_000);
  log(`results row before the reload: ${before}; after: ${after}`);
  assert.equal(after, before, 'the same results');
}
