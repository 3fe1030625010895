// `npm start` (after the build): opens examples/ in a real VS Code with this extension loaded from source.
// Desktop `code` when it is on PATH; otherwise the project's code-server on 127.0.0.1, until Ctrl-C.
// Env PORT picks code-server's port (default: a free one).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startCodeServer } from './lib/code-server.mjs';
import { examplesDir, projectRoot } from './lib/paths.mjs';

function hasCode() {
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

if (hasCode() && process.env.SERIALIZATION_PROFILER_WEB !== '1') {
  const child = spawn('code', [`--extensionDevelopmentPath=${projectRoot}`, examplesDir], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const port = Number(process.env.PORT) || undefined;
  const server = await startCodeServer({ port, keepRunDir: false });
  const url = server.workbenchUrl(examplesDir, [
    ['extensionDevelopmentPath', server.remoteUri(projectRoot)],
    ['openFile', server.remoteUri(join(examplesDir, 'seed-scenario.mjs'))],
  ]);
  console.log(
    `VS Code (code-server) with Serialization Profiler loaded from source:\n\n  ${url}\n\nPress Ctrl-C to stop.`,
  );
  setInterval(() => {}, 1 << 30); // stay up; Ctrl-C runs the cleanups (lib/proc.mjs)
}
