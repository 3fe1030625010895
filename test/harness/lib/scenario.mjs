// What every e2e scenario receives: a fresh code-server with the extension loaded from source, a fresh
// browser page, a temp copy of examples/, and helpers to open files, reach the webview and take screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { startCodeServer } from './code-server.mjs';
import { screenshotDir } from './paths.mjs';
import { copyExamples } from './workspace.mjs';

/** Starts everything a scenario needs; `dispose()` ends it all. `options.workspaceTrust`: see startCodeServer. */
export async function createScenarioContext({ scenarioName, extensionPath, options = {} }) {
  const workspace = copyExamples();
  const server = await startCodeServer({ workspaceTrust: options.workspaceTrust === true });
  const browser = await launchBrowser();
  const { page } = browser;
  mkdirSync(screenshotDir, { recursive: true });

  const helpers = {
    page,
    server,
    workspaceDir: workspace.dir,
    log: (...args) => console.log(`    ${scenarioName}:`, ...args),

    /** Opens the workbench on the examples copy, with `relativeFile` (if given) in the editor. */
    async openWorkbench(relativeFile) {
      const payload = [['extensionDevelopmentPath', server.remoteUri(extensionPath)]];
      if (relativeFile) payload.push(['openFile', server.remoteUri(join(workspace.dir, relativeFile))]);
      await page.goto(server.workbenchUrl(workspace.dir, payload));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      if (relativeFile) await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    },

    /** The content of the newest ready webview (its inner frame, where the extension's HTML lives). */
    webview() {
      return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
    },

    /** Code lenses in the visible editors, optionally only those whose text contains `text`. */
    codeLens(text) {
      const lenses = page.locator('.monaco-editor .codelens-decoration a');
      return text ? lenses.filter({ hasText: text }) : lenses;
    },

    /** Runs a command by its title through the command palette (F1). */
    async runCommand(title) {
      await page
        .locator('.monaco-workbench')
        .click({ position: { x: 5, y: 5 } })
        .catch(() => {});
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
      await page.keyboard.press('Enter');
    },

    /** Saves test-output/screenshots/<scenario>-<name>.png and returns its path. */
    async screenshot(name) {
      const path = join(screenshotDir, `${scenarioName}-${name}.png`);
      await page.screenshot({ path });
      return path;
    },
  };

  async function dispose() {
    await browser.close();
    await server.stop();
    workspace.dispose();
  }
  return { helpers, dispose };
}
