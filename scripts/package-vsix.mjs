// Packages the extension as one .vsix that installs on every platform VS Code runs on. Its TypeScript compiler is
// esbuild-wasm in place of esbuild (the same version: the same API, the same output): esbuild's native binary alone
// is 4.5 MiB compressed, which leaves no room under the 5 MB limit for a per-platform package, and the WebAssembly
// build runs wherever the editor's Node does (Linux on any CPU, Alpine, macOS, Windows). npm installs of the CLI and
// library keep the native esbuild, a dependency in package.json.
//   node scripts/package-vsix.mjs [--out dist/vsix] [--dist dist]
// Run after `npm run build -- --production`. esbuild-wasm comes from the npm registry (`npm pack`), cached in
// .cache/esbuild-packages/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export const MAX_VSIX_BYTES = 5_000_000;

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
      // executor.js is the library for npm users; the extension runs the worker host, the CLI and workers.
      return /\.(js|mjs|css)$/.test(path) && path !== 'executor.js';
    },
  });
  mkdirSync(join(stage, 'docs'), { recursive: true });
  for (const image of ['panel.png', 'traffic.png']) {
    if (existsSync(join(root, 'docs', image))) cpSync(join(root, 'docs', image), join(stage, 'docs', image));
  }
  // vsce packs what this list leaves in; the stage holds only what the extension needs.
  writeFileSync(join(stage, '.vscodeignore'), '**/*.map\n**/*.d.ts\n');
}

function stage(dist) {
  const folder = mkdtempSync(join(tmpdir(), 'vsix-'));
  stageCommonFiles(folder, dist);
  // Beside the bundles, where their `require('esbuild')` finds it (vsce leaves a top-level node_modules out).
  const esbuild = join(folder, 'dist', 'node_modules', 'esbuild');
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
    cpSync(join(wasm, file), join(esbuild, file));
  }
  return folder;
}

/** Builds the .vsix from a production build in `dist`; returns its path and size. */
export function packageExtension(outDir, dist = join(root, 'dist')) {
  const folder = stage(dist);
  const name = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name;
  const file = join(outDir, `${name}.vsix`);
  mkdirSync(outDir, { recursive: true });
  try {
    execFileSync(
      join(root, 'node_modules', '.bin', 'vsce'),
      [
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--no-rewrite-relative-links',
        '--skip-license',
        '--out',
        file,
      ],
      { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return { file, bytes: statSync(file).size };
}

function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' }, dist: { type: 'string' } } });
  const { file, bytes } = packageExtension(
    values.out ?? join(root, 'dist'),
    values.dist ? resolve(values.dist) : undefined,
  );
  const over = bytes > MAX_VSIX_BYTES;
  const overNote = over ? `  over the ${MAX_VSIX_BYTES / 1e6} MB limit` : '';
  console.log(`${relative(root, file)}  ${(bytes / 1e6).toFixed(2)} MB${overNote}`);
  if (over) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
