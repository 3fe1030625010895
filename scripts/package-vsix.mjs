// Packages the extension the way the Marketplace expects an extension with a native dependency: one .vsix per
// platform, each carrying only that platform's esbuild binary, plus a universal fallback whose `esbuild` is
// esbuild-wasm (same API, no native code: slower, but it runs anywhere VS Code's Node does).
//   node scripts/package-vsix.mjs [--targets linux-x64,universal] [--out dist/vsix] [--dist dist]
// Run after `npm run build -- --production`. Platform packages come from the npm registry (`npm pack`), cached in
// .cache/esbuild-packages/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** vsce target → the npm package holding esbuild's binary for it (esbuild's Linux binaries are static: musl too). */
export const ESBUILD_PACKAGES = {
  'linux-x64': '@esbuild/linux-x64',
  'linux-arm64': '@esbuild/linux-arm64',
  'linux-armhf': '@esbuild/linux-arm',
  'alpine-x64': '@esbuild/linux-x64',
  'alpine-arm64': '@esbuild/linux-arm64',
  'darwin-x64': '@esbuild/darwin-x64',
  'darwin-arm64': '@esbuild/darwin-arm64',
  'win32-x64': '@esbuild/win32-x64',
  'win32-arm64': '@esbuild/win32-arm64',
};
export const TARGETS = [...Object.keys(ESBUILD_PACKAGES), 'universal'];
export const MAX_VSIX_BYTES = 5 * 1024 * 1024;

const esbuildVersion = JSON.parse(readFileSync(join(root, 'node_modules/esbuild/package.json'), 'utf8')).version;
const packCache = join(root, '.cache', 'esbuild-packages');

/** The unpacked folder of `name@esbuildVersion` from the registry (cached). */
function registryPackage(name) {
  const folder = join(packCache, `${name.replace('/', '+')}-${esbuildVersion}`);
  if (existsSync(join(folder, 'package.json'))) return folder;
  mkdirSync(packCache, { recursive: true });
  const tarball = execFileSync(
    'npm',
    ['pack', '--silent', `${name}@${esbuildVersion}`, '--pack-destination', packCache],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n')
    .pop();
  const staging = `${folder}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  execFileSync('tar', ['-xzf', join(packCache, tarball), '-C', staging, '--strip-components=1']);
  rmSync(join(packCache, tarball), { force: true });
  rmSync(folder, { recursive: true, force: true });
  cpSync(staging, folder, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  return folder;
}

/** esbuild's JavaScript API without any binary (it finds @esbuild/<platform> beside it). */
function copyEsbuildApi(modules) {
  const api = join(modules, 'esbuild');
  mkdirSync(join(api, 'lib'), { recursive: true });
  for (const file of ['package.json', 'LICENSE.md', 'lib/main.js', 'lib/main.d.ts']) {
    const source = join(root, 'node_modules/esbuild', file);
    if (existsSync(source)) cpSync(source, join(api, file));
  }
}

function stageCommonFiles(stage, dist) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  delete manifest.devDependencies;
  delete manifest.scripts;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
    if (existsSync(join(root, file))) cpSync(join(root, file), join(stage, file));
  }
  cpSync(dist, join(stage, 'dist'), {
    recursive: true,
    filter: (source) => {
      const path = relative(dist, source);
      if (path === '' || path === 'python' || path.startsWith(`python/`)) return !path.includes('__pycache__');
      if (statSync(source).isDirectory()) return false;
      return /\.(js|mjs|css)$/.test(path);
    },
  });
  mkdirSync(join(stage, 'docs'), { recursive: true });
  for (const image of ['panel.png']) {
    if (existsSync(join(root, 'docs', image))) cpSync(join(root, 'docs', image), join(stage, 'docs', image));
  }
  // vsce packs what this list leaves in; the stage holds only what the extension needs.
  writeFileSync(join(stage, '.vscodeignore'), '**/*.map\n**/*.d.ts\n');
}

function stageTarget(target, dist) {
  const stage = mkdtempSync(join(tmpdir(), `vsix-${target}-`));
  stageCommonFiles(stage, dist);
  // Beside the bundles, where their `require('esbuild')` finds it (vsce leaves a top-level node_modules out).
  const modules = join(stage, 'dist', 'node_modules');
  if (target === 'universal') {
    const wasm = registryPackage('esbuild-wasm');
    for (const file of [
      'package.json',
      'LICENSE.md',
      'lib/main.js',
      'bin/esbuild',
      'wasm_exec.js',
      'wasm_exec_node.js',
      'esbuild.wasm',
    ]) {
      cpSync(join(wasm, file), join(modules, 'esbuild', file));
    }
  } else {
    copyEsbuildApi(modules);
    cpSync(registryPackage(ESBUILD_PACKAGES[target]), join(modules, ESBUILD_PACKAGES[target]), { recursive: true });
  }
  return stage;
}

export function packageTarget(target, outDir, dist = join(root, 'dist')) {
  if (!TARGETS.includes(target)) throw new Error(`unknown target '${target}'; targets: ${TARGETS.join(', ')}`);
  const stage = stageTarget(target, dist);
  const name = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name;
  const out = join(outDir, `${name}-${target}.vsix`);
  mkdirSync(outDir, { recursive: true });
  const vsce = join(root, 'node_modules', '.bin', 'vsce');
  const targetArgs = target === 'universal' ? [] : ['--target', target];
  try {
    execFileSync(
      vsce,
      [
        'package',
        ...targetArgs,
        '--no-dependencies',
        '--allow-missing-repository',
        '--no-rewrite-relative-links',
        '--skip-license',
        '--out',
        out,
      ],
      { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return { target, file: out, bytes: statSync(out).size };
}

function main() {
  const { values } = parseArgs({ options: { targets: { type: 'string' }, out: { type: 'string' }, dist: { type: 'string' } } });
  const targets = values.targets ? values.targets.split(',') : TARGETS;
  const outDir = values.out ?? join(root, 'dist', 'vsix');
  let oversize = 0;
  for (const target of targets) {
    const { file, bytes } = packageTarget(target, outDir, values.dist ? resolve(values.dist) : undefined);
    const over = bytes > MAX_VSIX_BYTES;
    if (over) oversize++;
    console.log(
      `${target.padEnd(13)} ${(bytes / 1024 / 1024).toFixed(2)} MiB  ${relative(root, file)}${over ? '  over 5 MiB' : ''}`,
    );
  }
  if (oversize) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
