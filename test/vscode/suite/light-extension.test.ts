import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activeApi, EXTENSION_ID } from './helpers';

suite('a light extension', () => {
  test('extension.js carries no TypeScript compiler; its size and activation are printed', async () => {
    const api = await activeApi();
    const bundle = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'extension.js');
    const bytes = statSync(bundle).size;
    const text = readFileSync(bundle, 'utf8');
    const { loadMs, activateMs } = api.activation;
    // A unit test holds the size target on a production build; the bundle loaded here may be a dev build.
    console.log(
      `      extension.js ${(bytes / 1024).toFixed(1)} KB as loaded; ` +
        `activation ${(loadMs + activateMs).toFixed(1)} ms ` +
        `(loading the bundle ${loadMs.toFixed(1)} ms + activate ${activateMs.toFixed(1)} ms; target ≤ 50 ms)`,
    );
    assert.doesNotMatch(
      text,
      /createSourceFile|transpileModule/,
      'the TypeScript compiler is bundled into the extension',
    );
  });

  test('the public API holds no test hooks', async () => {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(api).sort(), ['profile', 'showResults', 'startProfile']);
  });
});
