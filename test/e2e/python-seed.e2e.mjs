// The Python seed through the lens: loky's three outcomes in the panel, the pickle failure said once with its
// value, definition, hint and the broken pool on lines of their own.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default async function pythonSeed({ page, workspaceDir, openWorkbench, codeLens, webview, screenshot, log }) {
  mkdirSync(join(workspaceDir, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspaceDir, '.vscode', 'settings.json'),
    JSON.stringify({ 'serializationProfiler.repeat': 1, 'serializationProfiler.warmup': 0 }),
  );
  await openWorkbench('python/seed_scenario.py');
  const lens = codeLens('Profile serialization').first();
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();

  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill('21, large_list[:1000]');
  await page.keyboard.press('Enter');

  const rows = webview().locator('table.modes tbody tr');
  await rows.nth(2).waitFor({ timeout: 120_000 });
  const status = Object.fromEntries(
    await rows.evaluateAll((trs) => trs.map((tr) => [tr.dataset.mode, tr.dataset.status])),
  );
  log(JSON.stringify(status));
  assert.deepEqual(status, { cloudpickle: 'ok', pickle: 'error', wrapped: 'ok' });

  const failure = webview().locator('.failure[data-mode="pickle"]');
  const message = await failure.locator('.message').innerText();
  log(`pickle message: ${message}`);
  assert.doesNotMatch(message, /pool broken/, 'the pool has its own line');
  assert.match(await failure.locator('.where').innerText(), /Value fn · defined at python\/seed_scenario\.py:8:5/);
  assert.match(await failure.locator('.pool').innerText(), /^Pool: loky marked its whole pool broken/);
  assert.match(await failure.locator('.hint').innerText(), /wrap_non_picklable_objects/);
  await failure.locator('details.cause summary').click();
  assert.match(
    await failure.locator('details.cause pre').innerText(),
    /AttributeError: Can't get attribute 'func_async'/,
  );
  await failure.scrollIntoViewIfNeeded();
  await screenshot('pickle-failure');
}
