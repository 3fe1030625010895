// `npm run test:vscode`: runs dist/test/vscode/index.js (mocha) inside the extension host of a real
// VS Code (code-server), with this project loaded from source and a temp copy of examples/ open.
// Exits with the suite's code. Options: --extension <dir>; env VSCODE_SUITE_GREP, VSCODE_SUITE_TIMEOUT_MS,
// VSCODE_SUITE_VERBOSE=1 (also the workbench's own logging), VSCODE_KEEP_LOGS=1 (keep the server's log).
import { existsSync } from 'node:fs';
import { ensureSystemPackages } from './ensure-system-packages.mjs';
import { extensionPathArg, numberFromEnv } from './lib/args.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startCodeServer } from './lib/code-server.mjs';
import { suiteIndex } from './lib/paths.mjs';
import { runCleanups, withTimeout } from './lib/proc.mjs';
import { copyExamples } from './lib/workspace.mjs';

const timeoutMs = numberFromEnv('VSCODE_SUITE_TIMEOUT_MS', 5 * 60_000);
const verbose = process.env.VSCODE_SUITE_VERBOSE === '1';

/** The workbench's own start-up and shutdown logging, which reaches the same channel as the suite's output. */
const workbenchChatter =
  /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|\[Service Worker\]|ChatSessionStore:|Updating additional builtin|Creation of workbench contribution|\[lifecycle\])/;
const isWorkbenchChatter = (args) => typeof args?.[0] === 'string' && workbenchChatter.test(args[0]);

async function runSuite() {
  ensureSystemPackages();
  if (!existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing; run \`npm run build\` first`);
  const extensionPath = extensionPathArg();
  const workspace = copyExamples();
  const server = await startCodeServer({ keepRunDir: process.env.VSCODE_KEEP_LOGS === '1' });
  const { page } = await launchBrowser();

  const recentBrowserErrors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    recentBrowserErrors.push(message.text());
    recentBrowserErrors.splice(0, recentBrowserErrors.length - 10);
  });
  let finished = false;
  let finish;
  const exitCode = new Promise((resolve) => {
    finish = (code) => {
      finished = true;
      resolve(code);
    };
  });
  // Mocha's output, forwarded from the extension host's console; args are passed as-is (mocha uses %s).
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    if (finished || (!verbose && isWorkbenchChatter(args))) return;
    (type === 'error' || type === 'warn' ? console.error : console.log)(...args);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));

  await page.goto(
    server.workbenchUrl(workspace.dir, [
      ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
      ['extensionTestsPath', server.remoteUri(suiteIndex)],
    ]),
  );
  try {
    return await withTimeout(exitCode, timeoutMs, 'the extension-host suite did not finish');
  } catch (error) {
    if (recentBrowserErrors.length > 0) console.error(`last workbench errors:\n  ${recentBrowserErrors.join('\n  ')}`);
    console.error(
      `server log: ${server.logFile}` +
        (process.env.VSCODE_KEEP_LOGS === '1' ? '' : ' (set VSCODE_KEEP_LOGS=1 to keep it)'),
    );
    throw error;
  }
}

const started = Date.now();
let code;
try {
  code = await runSuite();
} catch (error) {
  console.error(`vscode suite: ${error.message}`);
  code = 1;
}
await runCleanups();
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`vscode suite: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s`);
process.exit(code);
