import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { python } from './record-python-helpers';

const SYSTEM_PACKAGES = '/usr/lib/python3/dist-packages';

/**
 * A real interpreter where dask.distributed is not installed but everything else of the system's is: a venv of
 * /usr/bin/python3 without the system's packages, given them back through a `.pth` file naming a directory of
 * links to every entry of dist-packages except `distributed` (as when python3-dask is installed and
 * python3-distributed is not). Python itself then fails to import it, as on a user's machine.
 */
export function pythonWithoutDistributed(): string {
  const dir = mkdtempSync(join(tmpdir(), 'python-without-distributed-'));
  const venv = join(dir, 'venv');
  const made = spawnSync(python, ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const interpreter = join(venv, 'bin', 'python3');
  const packages = join(dir, 'packages');
  mkdirSync(packages);
  for (const entry of readdirSync(SYSTEM_PACKAGES)) {
    if (!entry.startsWith('distributed')) symlinkSync(join(SYSTEM_PACKAGES, entry), join(packages, entry));
  }
  const site = spawnSync(interpreter, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], {
    encoding: 'utf8',
  });
  assert.equal(site.status, 0, site.stderr);
  writeFileSync(join(site.stdout.trim(), 'system-packages-but-distributed.pth'), `${packages}\n`);
  const check = spawnSync(
    interpreter,
    ['-c', 'import joblib, dask\ntry:\n import distributed\nexcept ImportError as e: print(e.name)'],
    { encoding: 'utf8' },
  );
  assert.equal(check.stdout.trim(), 'distributed', `joblib and dask import, distributed does not: ${check.stderr}`);
  return interpreter;
}
