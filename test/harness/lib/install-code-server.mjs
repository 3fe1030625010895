// Installs code-server (a real VS Code: web workbench + Node extension host) into the project's cache
// folder without its postinstall, which refuses root and downloads ripgrep. Built in a staging folder
// and renamed into place, under a lock, so concurrent runs never see a half-built install.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { withLock } from './lock.mjs';
import { run } from './proc.mjs';
import { CODE_SERVER_VERSION, codeServerDir, codeServerEntry } from './paths.mjs';

const readyMarker = join(codeServerDir, '.installed');

export function codeServerInstalled() {
  return existsSync(readyMarker) && existsSync(codeServerEntry);
}

/** node-gyp downloads Node's headers unless they are found locally. */
function nodeGypEnv() {
  const prefix = dirname(dirname(process.execPath));
  const env = {
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  return env;
}

function ripgrepPath() {
  try {
    return execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('ripgrep (rg) is not on PATH; install it (Debian: apt-get install ripgrep)');
  }
}

async function installInto(stage, log) {
  const env = nodeGypEnv();
  const rg = ripgrepPath();
  mkdirSync(stage, { recursive: true });
  writeFileSync(join(stage, 'package.json'), '{"name":"code-server-host","private":true}\n');
  log(`npm install code-server@${CODE_SERVER_VERSION}`);
  await run('npm', ['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: stage,
    env,
  });
  const vscodeDir = join(stage, 'node_modules', 'code-server', 'lib', 'vscode');
  log('npm install (VS Code runtime dependencies)');
  await run('npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir, env });
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  rmSync(join(rgBin, 'rg'), { force: true });
  symlinkSync(rg, join(rgBin, 'rg'));
  log('npm rebuild (native modules)');
  await run('npm', ['rebuild', '@vscode/spdlog', 'native-watchdog', 'node-pty'], { cwd: vscodeDir, env });
  rmSync(join(vscodeDir, 'node_modules.asar'), { force: true });
  symlinkSync('node_modules', join(vscodeDir, 'node_modules.asar'));
  log('npm install (built-in extensions)');
  await run('npm', ['install', '--omit=dev'], { cwd: join(vscodeDir, 'extensions'), env });
  await run('npm', ['rebuild', 'argon2'], { cwd: stage, env });
  const version = await run(
    process.execPath,
    [join(stage, 'node_modules', 'code-server', 'out', 'node', 'entry.js'), '--version'],
    { cwd: stage },
  );
  if (!version.includes(CODE_SERVER_VERSION)) throw new Error(`unexpected code-server version: ${version}`);
  writeFileSync(join(stage, '.installed'), version);
}

/** Returns when code-server is installed in the cache folder; installs it when missing. */
export async function ensureCodeServer({ log = (m) => console.log(`[code-server] ${m}`) } = {}) {
  if (codeServerInstalled()) return;
  const cacheDir = dirname(codeServerDir);
  mkdirSync(cacheDir, { recursive: true });
  await withLock(
    `${codeServerDir}.lock`,
    async () => {
      if (codeServerInstalled()) return;
      const started = Date.now();
      const stage = `${codeServerDir}.staging-${process.pid}`;
      // Only the lock holder builds, so any staging folder left here is from an interrupted run.
      for (const name of readdirSync(cacheDir)) {
        if (name.startsWith(`${basename(codeServerDir)}.staging-`))
          rmSync(join(cacheDir, name), { recursive: true, force: true });
      }
      try {
        log(`installing ${CODE_SERVER_VERSION} into ${codeServerDir}`);
        await installInto(stage, log);
        rmSync(codeServerDir, { recursive: true, force: true });
        renameSync(stage, codeServerDir);
        log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } finally {
        rmSync(stage, { recursive: true, force: true });
      }
    },
    { onWait: () => log('waiting for another run that is installing it') },
  );
}
