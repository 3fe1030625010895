// The one build script: bundles every entry point that exists into dist/.
//   node esbuild.mjs [--watch] [--production] [--outdir DIR]
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outdirAt = process.argv.indexOf('--outdir');
const dist = outdirAt > 0 ? resolve(process.argv[outdirAt + 1]) : join(root, 'dist');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  external: ['esbuild'],
  logLevel: 'warning',
};

/** Each panel's script (results, Traffic): one file the webview loads. */
const panelScript = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
};
/** Each panel's stylesheet, with the base it imports inlined. */
const panelStyles = { bundle: true, sourcemap: true, minify: production, logLevel: 'warning' };

/** Each entry: source (relative to root), output (relative to dist/), and options. */
const entries = [
  // Banner and footer time the bundle's loading: the real-VS-Code suite prints load + activate time.
  {
    in: 'extension/extension.ts',
    out: 'extension.js',
    options: {
      ...node,
      external: ['vscode', 'esbuild'],
      banner: { js: 'var __serializationProfilerLoadStart = performance.now();' },
      footer: { js: 'var __serializationProfilerLoadEnd = performance.now();' },
    },
  },
  // Loaded on first use by the extension (extension/recording/load-source-analysis.ts), not at activation.
  { in: 'extension/recording/source-analysis.ts', out: 'source-analysis.js', options: node },
  { in: 'worker-host/host/main.ts', out: 'worker-host.js', options: node },
  // The worker host profiles each user file in a thread of its own (worker-host/host/module-threads.ts).
  { in: 'worker-host/host/module-thread.ts', out: 'module-thread.js', options: node },
  { in: 'worker-host/executor/worker-main.ts', out: 'worker.js', options: node },
  { in: 'worker-host/loader/hooks.ts', out: 'loader-hooks.mjs', options: { ...node, format: 'esm' } },
  { in: 'worker-host/cli/main.ts', out: 'cli.js', options: { ...node, banner: { js: '#!/usr/bin/env node' } } },
  // The CLI's subcommands, each loaded by cli.js only when chosen.
  { in: 'worker-host/record/record-main.ts', out: 'record-cli.js', options: node },
  { in: 'worker-host/cli/profile-main.ts', out: 'profile-cli.js', options: node },
  { in: 'worker-host/executor/index.ts', out: 'executor.js', options: node },
  // Loaded by every Node process and thread of a `serial-profile record` run.
  { in: 'worker-host/record/preload/index.ts', out: 'record-preload.js', options: node },
  { in: 'worker-host/record/walk/index.ts', out: 'record-walk.js', options: { ...node, plugins: [lightLoader()] } },
  // The bench measures the bundled code users run (piscina stays external: it finds its own worker file).
  { in: 'bench/run.ts', out: 'bench/run.js', options: { ...node, external: ['esbuild', 'piscina'] } },
  {
    in: 'webview/main.ts',
    out: 'webview.js',
    options: panelScript,
  },
  {
    in: 'webview/styles.css',
    out: 'webview.css',
    options: panelStyles,
  },
  {
    in: 'webview/traffic/main.ts',
    out: 'traffic.js',
    options: panelScript,
  },
  {
    in: 'webview/traffic/styles.css',
    out: 'traffic.css',
    options: panelStyles,
  },
  ...vscodeSuiteEntries(),
];

/** test/vscode/suite/index.ts and every *.test.ts beside it, bundled side by side into dist/test/vscode/. */
function vscodeSuiteEntries() {
  const suiteDir = join(root, 'test', 'vscode', 'suite');
  if (!existsSync(suiteDir)) return [];
  // mocha's parallel mode (require.resolve of its worker files) is never used inside the extension host.
  const options = {
    ...node,
    external: ['vscode', 'esbuild'],
    logOverride: { 'require-resolve-not-external': 'silent' },
  };
  return readdirSync(suiteDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => ({
      in: join('test', 'vscode', 'suite', name),
      out: join('test', 'vscode', name.replace(/\.ts$/, '.js')),
      options,
    }));
}

function copyPython() {
  const source = join(root, 'python');
  if (existsSync(source)) cpSync(source, join(dist, 'python'), { recursive: true });
}

/** The recorder's walk bundle takes worker-host/record/walk/light-loader.ts for the loader (no parser, no compiler). */
function lightLoader() {
  return {
    name: 'light-loader',
    setup(build) {
      build.onResolve({ filter: /\/loader\/index$/ }, () => ({
        path: join(root, 'worker-host', 'record', 'walk', 'light-loader.ts'),
      }));
    },
  };
}

/** Keeps the CLI runnable as `./dist/cli.js` after every (re)build. */
const makeExecutable = (file) => ({
  name: 'chmod',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0 && existsSync(file)) chmodSync(file, 0o755);
    });
  },
});

const present = entries.filter((entry) => existsSync(join(root, entry.in)));
const configs = present.map((entry) => {
  const outfile = join(dist, entry.out);
  return {
    ...entry.options,
    entryPoints: [join(root, entry.in)],
    outfile,
    plugins: [...(entry.options.plugins ?? []), ...(entry.out === 'cli.js' ? [makeExecutable(outfile)] : [])],
  };
});

// Bundles of suite files that no longer exist would still be run by the suite's index.
rmSync(join(dist, 'test', 'vscode'), { recursive: true, force: true });
copyPython();

if (watch) {
  for (const config of configs) {
    const context = await esbuild.context(config);
    await context.watch();
  }
  console.log(`watching ${configs.length} entries: ${present.map((e) => e.in).join(', ')}`);
} else {
  const started = Date.now();
  const results = await Promise.allSettled(configs.map((config) => esbuild.build(config)));
  const failed = results.filter((r) => r.status === 'rejected');
  const built = present.map((e) => relative(root, join(dist, e.out)));
  if (failed.length > 0) {
    console.error(`build failed: ${failed.length} of ${configs.length} entries`);
    process.exit(1);
  }
  console.log(`built ${built.length} entries in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
