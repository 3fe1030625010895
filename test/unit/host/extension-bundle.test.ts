import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');

test('the production extension.js stays under 300 KB, with no TypeScript compiler in it', () => {
  const out = mkdtempSync(join(tmpdir(), 'sp-production-'));
  try {
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', out], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, build.stderr);
    const bundle = join(out, 'extension.js');
    const bytes = statSync(bundle).size;
    console.log(`production extension.js: ${(bytes / 1024).toFixed(1)} KB (target ≤ 300 KB)`);
    assert.ok(bytes <= 300 * 1024, `extension.js is ${bytes} bytes`);
    assert.doesNotMatch(readFileSync(bundle, 'utf8'), /createSourceFile|transpileModule/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
