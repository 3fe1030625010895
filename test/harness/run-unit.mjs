// `npm run test:unit`: node:test over every test/unit/**/*.test.ts, one file at a time (Node 20's test
// runner takes no glob patterns). Extra arguments go to node, e.g. `npm run test:unit -- --test-name-pattern=x`;
// bare paths narrow the run to files under them.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { projectRoot } from './lib/paths.mjs';

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const args = process.argv.slice(2);
const roots = args.filter((arg) => !arg.startsWith('-')).map((arg) => resolve(arg));
const nodeArgs = args.filter((arg) => arg.startsWith('-'));
const files = (
  roots.length > 0
    ? roots.flatMap((r) => (r.endsWith('.ts') ? [r] : testFiles(r)))
    : testFiles(join(projectRoot, 'test', 'unit'))
)
  .map((file) => relative(projectRoot, file))
  .sort();
if (files.length === 0) {
  console.error('unit: no test/unit/**/*.test.ts files');
  process.exit(1);
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...nodeArgs, ...files], {
  cwd: projectRoot,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
