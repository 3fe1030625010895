// The main path a user takes: a lens above a function of the seed scenario opens the results panel.
import assert from 'node:assert/strict';
import { profileFromLens } from '../harness/lib/lens-profile.mjs';

export default async function lensOpensResultsPanel({ page, openWorkbench, codeLens, webview, screenshot, log }) {
  await openWorkbench('seed-scenario.mjs');
  const lens = codeLens('Profile serialization').first();
  await lens.waitFor({ timeout: 60_000 });
  await screenshot('editor-lens');
  const text = await profileFromLens({ page, webview }, lens);
  log(`results row: ${text}`);
  assert.match(text, /by-value/);
  await screenshot('results-panel');
}
