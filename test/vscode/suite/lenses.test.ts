import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, workspaceUri } from './helpers';

async function profileLensLines(file: string): Promise<number[]> {
  await activeApi();
  const uri = workspaceUri(file);
  await vscode.window.showTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses
    .filter((lens) => lens.command?.title.includes('Profile serialization'))
    .map((lens) => lens.range.start.line + 1)
    .sort((a, b) => a - b);
}

suite('code lenses', () => {
  test('sit above each function of the JavaScript seed', async () => {
    assert.deepEqual(await profileLensLines('seed-scenario.mjs'), [6, 14]);
  });

  test('sit above functions, const arrows and class methods of the TypeScript seed', async () => {
    assert.deepEqual(await profileLensLines('seed-scenario.ts'), [5, 10, 16, 22]);
  });

  test('carry the function to profile as their command argument', async () => {
    const uri = workspaceUri('seed-scenario.mjs');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const first = lenses.find((lens) => lens.command?.title.includes('Profile serialization'));
    assert.equal(first?.command?.command, 'serializationProfiler.profileFunctionAtCursor');
    assert.equal((first?.command?.arguments?.[0] as { functionName: string }).functionName, 'funcAsync');
  });
});

suite('code lenses in Python', () => {
  test('sit above the Python seed function', async () => {
    assert.deepEqual(await profileLensLines('python/seed_scenario.py'), [8]);
  });
});
