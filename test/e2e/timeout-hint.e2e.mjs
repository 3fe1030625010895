// A function that never returns: the failure's hint names the setting that raises the timeout, the later mode
// stops early, and a timeout is not put in Problems (it is no defect in the user's code).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

export default async function timeoutHint(helpers) {
  const { page } = helpers;
  mkdirSync(join(helpers.workspaceDir, '.vscode'), { recursive: true });
  writeFileSync(
    join(helpers.workspaceDir, '.vscode', 'settings.json'),
    JSON.stringify({
      'serializationProfiler.timeoutMs': 1500,
      'serializationProfiler.modes': ['by-value', 'json'],
      'serializationProfiler.repeat': 2,
    }),
  );
  writeFileSync(
    join(helpers.workspaceDir, 'spin.mjs'),
    '/** @profileArgs 1 */\nexport function spin(n) {\n  for (;;) n++;\n}\n',
  );
  await helpers.openWorkbench('spin.mjs');
  const lens = helpers.codeLens('Profile serialization').first();
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();
  await page.locator('.quick-input-widget input').filter({ visible: true }).waitFor();
  await page.keyboard.press('Enter');

  const webview = helpers.webview();
  const byValue = webview.locator('.failure[data-mode="by-value"]');
  await byValue.waitFor({ timeout: 60_000 });
  const hint = await byValue.locator('.hint').innerText();
  helpers.log(`hint: ${hint}`);
  check(hint.includes('serializationProfiler.timeoutMs') && hint.includes('1500 ms'), `the timeout hint: ${hint}`);
  const json = await webview.locator('.failure[data-mode="json"] .message').innerText();
  helpers.log(`json: ${json}`);
  check(/within 1000 ms \(shortened: under by-value/.test(json), `the later mode: ${json}`);
  const problems = await page
    .locator('#status\\.problems')
    .innerText()
    .catch(() => '');
  helpers.log(`status bar problems: ${JSON.stringify(problems)}`);
  check(!/[1-9]/.test(problems), `a timeout became a Problem: ${problems}`);
  await helpers.screenshot('panel');
}
