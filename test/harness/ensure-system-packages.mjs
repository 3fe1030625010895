// The system programs the tests need: Chromium (UI tests), ripgrep (code-server's search) and a Python 3 that
// imports loky or joblib (Python profiling) and dask.distributed (the dask mode and dask recordings). Missing ones
// are installed from Debian's packages with apt-get, as root or through `sudo -n`; otherwise it fails with the one
// command to run. Run by `npm test` and the VS Code runners; `node test/harness/ensure-system-packages.mjs` runs it
// alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './lib/paths.mjs';

const LOKY_CHECK =
  'import importlib.util as u, sys; sys.exit(0 if u.find_spec("loky") or u.find_spec("joblib") else 1)';

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && isExecutable(join(dir, name)));
}

const DASK_CHECK = 'import importlib.util as u, sys; sys.exit(0 if u.find_spec("distributed") else 1)';

/** dask.distributed for the interpreter that has loky (Debian's python3-distributed is for /usr/bin/python3). */
function hasDaskPython() {
  return ['python3', '/usr/bin/python3'].some(
    (python) => spawnSync(python, ['-c', DASK_CHECK], { stdio: 'ignore', timeout: 20_000 }).status === 0,
  );
}

/** `python3` on PATH may be another interpreter than Debian's, so /usr/bin/python3 counts too. */
function hasLokyPython() {
  return ['python3', '/usr/bin/python3'].some(
    (python) => spawnSync(python, ['-c', LOKY_CHECK], { stdio: 'ignore', timeout: 20_000 }).status === 0,
  );
}

/** The Debian packages that provide what is missing. */
export function missingPackages() {
  const missing = [];
  if (!isExecutable(chromiumPath)) missing.push('chromium');
  if (!onPath('rg')) missing.push('ripgrep');
  if (!hasLokyPython()) missing.push('python3-joblib', 'python3-cloudpickle');
  if (!hasDaskPython()) missing.push('python3-distributed');
  return missing;
}

function canSudo() {
  return onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

/** Installs what is missing, or throws with the command that would. */
export function ensureSystemPackages() {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const install = ['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing];
  const asRoot = process.getuid?.() === 0;
  if (!onPath('apt-get') || (!asRoot && !canSudo())) {
    throw new Error(`missing ${missing.join(', ')}; run: sudo apt-get update && sudo ${install.join(' ')}`);
  }
  const prefix = asRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`system packages: installing ${missing.join(' ')}`);
  for (const command of [['apt-get', 'update', '-q'], install]) {
    const [file, ...args] = [...prefix, ...command];
    execFileSync(file, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  }
  const still = missingPackages();
  if (still.length > 0) throw new Error(`still missing after apt-get install: ${still.join(', ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureSystemPackages();
  } catch (error) {
    console.error(`system packages: ${error.message}`);
    process.exit(1);
  }
}
