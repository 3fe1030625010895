// Starts the cached code-server hermetically: 127.0.0.1, a free port, its own user-data and extensions
// folders under a temp folder, no network lookups; `stop()` ends its whole process group.
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer } from './install-code-server.mjs';
import { codeServerEntry } from './paths.mjs';
import { registerCleanup, spawnGroup } from './proc.mjs';

export const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'editor.codeLens': true,
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url, server, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited)
      throw new Error(`code-server exited during start-up:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms; log: ${logFile}`);
}

/**
 * Starts code-server. Returns { host, url, runDir, logFile, pid (its group's leader), remoteUri(path),
 * workbenchUrl(folder, payload), stop }.
 * `port` defaults to a free one; `keepRunDir` leaves the temp folder (logs) in place after stop. `workspaceTrust`
 * turns workspace trust on: folders then open in Restricted Mode (no start-up prompt) until trusted.
 */
export async function startCodeServer({
  port,
  settings = {},
  keepRunDir = false,
  startTimeoutMs = 30_000,
  workspaceTrust = false,
} = {}) {
  await ensureCodeServer();
  port ??= await freePort();
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const runDir = mkdtempSync(join(tmpdir(), 'serialization-profiler-cs-'));
  const userDataDir = join(runDir, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const trustSettings = workspaceTrust
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : {};
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...userSettings, ...trustSettings, ...settings }, null, 2),
  );
  writeFileSync(join(runDir, 'config.yaml'), `bind-addr: ${host}\nauth: none\ncert: false\n`);
  const logFile = join(runDir, 'server.log');
  const log = openSync(logFile, 'a');

  const server = spawnGroup(
    process.execPath,
    [
      codeServerEntry,
      '--config',
      join(runDir, 'config.yaml'),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      join(runDir, 'extensions'),
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
    ],
    {
      cwd: runDir,
      stdio: ['ignore', log, log],
      // No gallery: otherwise it queries open-vsx.org. Its own HOME keeps it from writing into the user's.
      env: {
        ...process.env,
        EXTENSIONS_GALLERY: '{}',
        HOME: runDir,
        XDG_CONFIG_HOME: join(runDir, 'config'),
        XDG_DATA_HOME: join(runDir, 'data'),
        XDG_CACHE_HOME: join(runDir, 'cache'),
      },
    },
  );

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    unregister();
    await server.stop();
    if (!keepRunDir) rmSync(runDir, { recursive: true, force: true });
  }
  const unregister = registerCleanup(stop);
  try {
    await waitHealthy(url, server, logFile, startTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }

  const remoteUri = (path) => `vscode-remote://${host}${path}`;
  /** The workbench URL for a folder, with `payload` entries ([key, value] pairs) for the web workbench. */
  const workbenchUrl = (folder, payload = []) => {
    const entries = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true'], ...payload];
    return `${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  };
  return { host, url, runDir, logFile, pid: server.child.pid, remoteUri, workbenchUrl, stop };
}
