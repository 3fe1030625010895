// The packages users install: a production build packed per platform and universally, each under the size
// limit, each carrying exactly one esbuild, and each able to compile and profile a TypeScript file once unpacked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const projectRoot = join(__dirname, '..', '..', '..');

const hostTarget = `${process.platform}-${process.arch}`;
const work = mkdtempSync(join(tmpdir(), 'vsix-test-'));
const dist = join(work, 'dist');
const out = join(work, 'vsix');
let packed: { target: string; file: string; bytes: number }[] = [];

before(async () => {
  execFileSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', dist], { cwd: projectRoot, stdio: 'pipe' });
  const { packageTarget } = (await import(join(projectRoot, 'scripts', 'package-vsix.mjs'))) as {
    packageTarget: (target: string, outDir: string, dist: string) => { target: string; file: string; bytes: number };
  };
  packed = [hostTarget, 'universal'].map((target) => packageTarget(target, out, dist));
});
after(() => rmSync(work, { recursive: true, force: true }));

function unpack(file: string): string {
  const into = mkdtempSync(join(work, 'unpacked-'));
  execFileSync('unzip', ['-q', file, '-d', into]);
  return join(into, 'extension');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

test('each package is at most 5 MiB', () => {
  for (const { target, bytes } of packed) {
    console.log(`${target}: ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
    assert.ok(bytes <= 5 * 1024 * 1024, `${target} is ${bytes} bytes`);
  }
});

test('a platform package carries its own esbuild binary once; the universal one only esbuild-wasm', () => {
  const [platform, universal] = packed.map(({ file }) => filesUnder(unpack(file)));
  const binaries = (files: string[]) =>
    files.filter((f) => /[/\\]esbuild(\.exe)?$/.test(f) && statSync(f).size > 1024 * 1024);
  assert.equal(binaries(platform).length, 1, binaries(platform).join(', '));
  assert.equal(binaries(universal).length, 0, binaries(universal).join(', '));
  assert.equal(universal.filter((f) => f.endsWith('esbuild.wasm')).length, 1);
});

test('the unpacked CLI of each package compiles and profiles a TypeScript function', () => {
  const source = join(work, 'typed.ts');
  writeFileSync(source, `export function scale(values: number[], by: number): number[] {\n  return values.map((v) => v * by);\n}\n`);
  for (const { target, file } of packed) {
    const cli = join(unpack(file), 'dist', 'cli.js');
    const json = execFileSync(process.execPath, [cli, `${source}#scale`, '--args', '[1, 2, 3], 2', '--modes', 'by-value,by-reference', '--repeat', '1', '--warmup', '0', '--json'], {
      encoding: 'utf8',
    });
    const report = JSON.parse(json) as { results: { mode: string; status: string; resultPreview?: string }[] };
    assert.deepEqual(
      report.results.map((r) => [r.mode, r.status]),
      [
        ['by-value', 'ok'],
        ['by-reference', 'ok'],
      ],
      target,
    );
  }
});
