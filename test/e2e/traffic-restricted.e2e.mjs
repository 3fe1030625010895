// In Restricted Mode recording is refused as profiling is: the command offers to manage trust and nothing runs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

export const options = { workspaceTrust: true };

/** Linux: the command lines of every process below `root`. */
function commandLinesBelow(root) {
  const byParent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), { pid: Number(name), cmdline }]);
    } catch {
      /* exited while read */
    }
  }
  const lines = [];
  const walk = (pid) =>
    (byParent.get(pid) ?? []).forEach((child) => {
      lines.push(child.cmdline);
      walk(child.pid);
    });
  walk(root);
  return lines;
}

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
  const recorded = commandLinesBelow(server.pid).filter(
    (line) => line.includes(' record --out ') || line.includes(workspaceDir),
  );
  assert.deepEqual(recorded, [], 'no process of a recording started');
  await screenshot('refused');
}
