// In Restricted Mode recording is refused as profiling is: the command offers to manage trust and nothing runs.
import assert from 'node:assert/strict';
import { descendants } from '../harness/lib/processes.mjs';

export const options = { workspaceTrust: true };

export default async function trafficRestricted({
  page,
  server,
  openWorkbench,
  runCommand,
  screenshot,
  workspaceDir,
  log,
}) {
  await openWorkbench('recording/main.mjs');
  await page.locator('.monaco-editor .view-lines').first().click();
  await runCommand('Serialization Profiler: Record Serialization Traffic…');
  const toast = page.locator('.notification-toast').filter({ hasText: 'Restricted Mode' });
  await toast.waitFor({ timeout: 30_000 });
  log(`notification: ${(await toast.innerText()).replace(/\s+/g, ' ').trim()}`);
  assert.equal(await toast.locator('a.monaco-button', { hasText: 'Manage Workspace Trust' }).count(), 1);
  assert.equal(
    await page.locator('.quick-input-widget').filter({ visible: true }).count(),
    0,
    'no target is asked for',
  );
  await page.waitForTimeout(2000);
  const recorded = descendants(server.pid)
    .map((child) => child.cmdline)
    .filter((line) => line.includes(' record --out ') || line.includes(workspaceDir));
  assert.deepEqual(recorded, [], 'no process of a recording started');
  await screenshot('refused');
}
