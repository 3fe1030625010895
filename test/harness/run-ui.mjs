// `npm run test:e2e`: runs every test/e2e/*.e2e.mjs scenario against a real VS Code (code-server) in
// Chromium. A scenario module's default export is `async (helpers) => {}` (see lib/scenario.mjs); it
// fails by throwing; an optional `export const options = { workspaceTrust: true }` starts code-server with
// workspace trust on (Restricted Mode). Options: --extension <dir>; a name filter as a bare argument; env
// E2E_TIMEOUT_MS.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureSystemPackages } from './ensure-system-packages.mjs';
import { extensionPathArg, numberFromEnv } from './lib/args.mjs';
import { ensureCodeServer } from './lib/install-code-server.mjs';
import { e2eDir, screenshotDir } from './lib/paths.mjs';
import { runCleanups, withTimeout } from './lib/proc.mjs';
import { createScenarioContext } from './lib/scenario.mjs';

const timeoutMs = numberFromEnv('E2E_TIMEOUT_MS', 3 * 60_000);
const argv = process.argv.slice(2);
const extensionPath = extensionPathArg(argv);
const filters = argv.filter((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--extension');

const files = readdirSync(e2eDir)
  .filter((name) => name.endsWith('.e2e.mjs'))
  .sort()
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)));

async function runScenario(file) {
  const scenarioName = file.replace(/\.e2e\.mjs$/, '');
  const { default: scenario, options } = await import(pathToFileURL(join(e2eDir, file)).href);
  if (typeof scenario !== 'function') throw new Error(`${file} has no default-exported function`);
  const context = await createScenarioContext({ scenarioName, extensionPath, options });
  try {
    await withTimeout(scenario(context.helpers), timeoutMs, scenarioName);
  } catch (error) {
    await context.helpers.screenshot('failure').then(
      (p) => console.error(`    failure screenshot: ${p}`),
      () => {},
    );
    throw error;
  } finally {
    await context.dispose();
  }
}

const started = Date.now();
let passed = 0;
let failed = 0;
try {
  if (files.length === 0) throw new Error(`no *.e2e.mjs scenarios in ${e2eDir}`);
  ensureSystemPackages();
  await ensureCodeServer();
  for (const file of files) {
    const scenarioStart = Date.now();
    try {
      await runScenario(file);
      passed += 1;
      console.log(`  ✓ ${file} (${((Date.now() - scenarioStart) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed += 1;
      console.error(`  ✗ ${file}: ${error.stack ?? error}`);
    }
  }
} catch (error) {
  console.error(`e2e: ${error.message}`);
  failed += 1;
}
await runCleanups();
console.log(
  `e2e: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
    `(screenshots: ${screenshotDir})`,
);
process.exit(failed === 0 ? 0 : 1);
