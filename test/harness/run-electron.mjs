// `npm run test:electron`: the same extension-host suite in desktop VS Code via @vscode/test-electron,
// for machines that can download VS Code (on Linux without a display, run it under xvfb-run).
// Env VSCODE_VERSION picks the version (default: stable).
import { existsSync } from 'node:fs';
import { runTests } from '@vscode/test-electron';
import { extensionPathArg } from './lib/args.mjs';
import { suiteIndex } from './lib/paths.mjs';
import { copyExamples } from './lib/workspace.mjs';

const downloadHost = 'https://update.code.visualstudio.com';

async function reachable(url) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}

if (!existsSync(suiteIndex)) {
  console.error(`electron suite: ${suiteIndex} is missing; run \`npm run build\` first`);
  process.exit(1);
}
if (!(await reachable(downloadHost))) {
  console.error(
    `electron suite: cannot reach ${downloadHost} to download VS Code; ` +
      'use `npm run test:vscode` (code-server) on this machine',
  );
  process.exit(1);
}

const workspace = copyExamples();
let code = 0;
try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: extensionPathArg(),
    extensionTestsPath: suiteIndex,
    launchArgs: [
      workspace.dir,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (error) {
  console.error(`electron suite: ${error.message ?? error}`);
  code = 1;
} finally {
  workspace.dispose();
}
console.log(`electron suite: ${code === 0 ? 'passed' : 'FAILED'}`);
process.exit(code);
