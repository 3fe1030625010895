// In Restricted Mode (workspace trust on, folder not trusted) no workspace code runs: the lens says why, the
// profile command refuses with an offer to manage trust, and no worker host process starts.
import assert from 'node:assert/strict';
import { descendants } from '../harness/lib/processes.mjs';

export const options = { workspaceTrust: true };

export default async function restrictedMode({ page, server, openWorkbench, codeLens, runCommand, screenshot, log }) {
  await openWorkbench('python/seed_scenario.py');
  const explaining = codeLens('Profiling needs a trusted workspace').first();
  await explaining.waitFor({ timeout: 60_000 });
  assert.equal(await codeLens('Profile serialization').count(), 0, 'no profile lens in Restricted Mode');
  await screenshot('lens');

  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await runCommand('Serialization Profiler: Profile Function at Cursor');
  const toast = page.locator('.notification-toast').filter({ hasText: 'Restricted Mode' });
  await toast.waitFor({ timeout: 30_000 });
  log(`notification: ${(await toast.innerText()).replace(/\s+/g, ' ').trim()}`);
  const manage = toast.locator('a.monaco-button', { hasText: 'Manage Workspace Trust' });
  assert.equal(await manage.count(), 1, 'the refusal offers to manage workspace trust');
  await screenshot('refused');

  const processes = descendants(server.pid);
  assert.ok(
    processes.some((p) => /extensionHost|type=extensionHost/.test(p.cmdline)),
    `the extension host runs below code-server:\n${processes.map((p) => p.cmdline).join('\n')}`,
  );
  const userCode = processes.filter((p) => /worker-host\.js|worker\.js|python/.test(p.cmdline));
  assert.deepEqual(
    userCode.map((p) => p.cmdline),
    [],
    'no worker host, worker or Python process',
  );

  await manage.click();
  await page
    .locator('.workspace-trust-editor')
    .or(page.locator('.tab', { hasText: 'Workspace Trust' }))
    .first()
    .waitFor({ timeout: 30_000 });
  await screenshot('manage-trust');
}
