import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, EXTENSION_ID } from './helpers';

suite('activation', () => {
  test('activates and returns its API', async () => {
    const api = await activeApi();
    assert.equal(typeof api.profile, 'function');
    assert.equal(typeof api.nextRender, 'function');
  });

  test('registers every contributed command', async () => {
    await activeApi();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: Array<{ command: string }> };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
    assert.ok(manifest.contributes.commands.length >= 8);
  });
});
