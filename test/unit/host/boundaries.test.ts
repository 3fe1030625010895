import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');

function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(root, folder, name));
}

/** Every relative import of the folder's files that lands in one of `forbidden` folders. */
function importsInto(folder: string, forbidden: string[]): string[] {
  const found: string[] = [];
  for (const file of sources(folder)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bfrom\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
      const target = relative(root, join(file, '..', match[1] ?? match[2]));
      if (forbidden.some((f) => target === f || target.startsWith(`${f}/`)))
        found.push(`${relative(root, file)} → ${target}`);
    }
  }
  return found;
}

test('the extension imports no engine module: it asks the worker host, and shares types through shared/', () => {
  assert.deepEqual(importsInto('extension', ['worker-host', 'webview', 'python']), []);
});

test('the webview imports only shared/ and itself', () => {
  assert.deepEqual(importsInto('webview', ['worker-host', 'extension', 'python']), []);
});

test('shared/ imports nothing but itself', () => {
  assert.deepEqual(importsInto('shared', ['worker-host', 'extension', 'webview', 'python']), []);
});

test('docs/ARCHITECTURE.md names only folders that exist', () => {
  const text = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const folders = [...text.matchAll(/^\| `([\w./-]+\/)` \|/gm)].map((match) => match[1]);
  assert.ok(folders.length >= 10, `the folder table lists ${folders.length} folders`);
  const missing = folders.filter((folder) => {
    try {
      return readdirSync(join(root, folder)).length === 0;
    } catch {
      return true;
    }
  });
  assert.deepEqual(missing, []);
});
