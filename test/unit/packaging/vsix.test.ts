// The package users install: a production build packed as one .vsix, under the size limit, carrying esbuild-wasm
// and no native binary, and able to compile and profile a TypeScript file once unpacked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const projectRoot = join(__dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'vsix-test-'));
let packed: { file: string; bytes: number };
let unpacked: string;

before(async () => {
  const dist = join(work, 'dist');
  execFileSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', dist], {
    cwd: projectRoot,
    stdio: 'pipe',
  });
  const { packageExtension } = (await import(join(projectRoot, 'scripts', 'package-vsix.mjs'))) as {
    packageExtension: (outDir: string, dist: string) => { file: string; bytes: number };
  };
  packed = packageExtension(join(work, 'vsix'), dist);
  execFileSync('unzip', ['-q', packed.file, '-d', join(work, 'unpacked')]);
  unpacked = join(work, 'unpacked', 'extension');
});
after(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

test('the package is at most 5 MB', () => {
  console.log(`vsix: ${(packed.bytes / 1e6).toFixed(2)} MB`);
  assert.ok(packed.bytes <= 5_000_000, `${packed.bytes} bytes`);
});

test('it carries esbuild-wasm and no native binary, no source maps, no library bundle', () => {
  const files = filesUnder(unpacked);
  const executables = files.filter((f) => statSync(f).size > 1_000_000 && !f.endsWith('esbuild.wasm'));
  assert.deepEqual(executables, []);
  assert.equal(files.filter((f) => f.endsWith('esbuild.wasm')).length, 1);
  assert.deepEqual(
    files.filter((f) => f.endsWith('.map') || f.endsWith('executor.js')),
    [],
  );
});

test('the unpacked CLI compiles and profiles a TypeScript function', () => {
  const source = join(work, 'typed.ts');
  writeFileSync(
    source,
    `export function scale(values: number[], by: number): number[] {\n  return values.map((v) => v * by);\n}\n`,
  );
  const cli = join(unpacked, 'dist', 'cli.js');
  const args = [
    `${source}#scale`,
    '--args',
    '[1, 2, 3], 2',
    '--modes',
    'by-value,by-reference',
    '--repeat',
    '1',
    '--json',
  ];
  const report = JSON.parse(execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8' })) as {
    results: { mode: string; status: string; resultPreview?: string }[];
  };
  assert.deepEqual(
    report.results.map((r) => [r.mode, r.status, r.resultPreview]),
    [
      ['by-value', 'ok', '[ 2, 4, 6 ]'],
      ['by-reference', 'ok', '[ 2, 4, 6 ]'],
    ],
  );
});
