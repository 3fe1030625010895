import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, QUICK, waitFor, workspaceUri } from './helpers';

suite('profiling the seed scenario', () => {
  const seed = () => workspaceUri('seed-scenario.mjs');

  test('by-value succeeds and by-reference fails to un-serialize in the worker', async () => {
    const api = await activeApi();
    const report = await api.profile(seed(), 'funcAsync', '21, largeList', {
      ...QUICK,
      modes: ['by-value', 'by-reference'],
    });
    const byValue = report.results.find((r) => r.mode === 'by-value');
    const byReference = report.results.find((r) => r.mode === 'by-reference');
    assert.equal(byValue?.status, 'ok', JSON.stringify(byValue?.error));
    assert.equal(byValue?.resultPreview, '42');
    assert.equal(byReference?.status, 'error');
    assert.equal(byReference?.error?.kind, 'task-deserialize');
  });

  test('puts the failure in Problems on the function name, with related information at its definition', async () => {
    const diagnostics = await waitFor('a diagnostic on funcAsync', () => {
      const found = vscode.languages.getDiagnostics(seed()).filter((d) => d.source === 'Serialization Profiler');
      return found.length > 0 ? found : undefined;
    });
    assert.equal(diagnostics.length, 1);
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic.code, 'task-deserialize');
    assert.match(diagnostic.message, /by-reference/);
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character],
      [5, 9, 18],
    );
    const related = diagnostic.relatedInformation ?? [];
    assert.ok(related.length > 0, 'related information');
    assert.equal(related[0].location.uri.fsPath, seed().fsPath);
    assert.equal(related[0].location.range.start.line, 5);
  });

  test('shows a verdict lens after the run', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      seed(),
      100,
    );
    const verdict = lenses.find(
      (lens) => lens.range.start.line === 5 && lens.command?.title.includes('by-reference ✗ un-serialize'),
    );
    assert.ok(verdict, lenses.map((l) => l.command?.title).join(' | '));
    assert.match(verdict.command!.title, /^by-value [\d.]+ (µs|ms|s) · by-reference ✗ un-serialize$/);
  });

  test('renders the run in the results panel', async () => {
    const api = await activeApi();
    const rendered = api.nextRender();
    api.showResults(`${seed().toString()}#funcAsync`);
    const message = await rendered;
    assert.ok(message.functions.includes(`${seed().toString()}#funcAsync`));
    assert.ok(message.rows >= 2, `rows: ${message.rows}`);
  });

  test('the panel renders again after its webview reloads', async () => {
    const api = await activeApi();
    const rendered = api.nextRender();
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    const message = await rendered;
    assert.ok(message.functions.includes(`${seed().toString()}#funcAsync`));
    assert.ok(message.rows >= 2);
  });

  test('clears its Problems on request', async () => {
    await vscode.commands.executeCommand('serializationProfiler.clearDiagnostics');
    assert.equal(
      vscode.languages.getDiagnostics(seed()).filter((d) => d.source === 'Serialization Profiler').length,
      0,
    );
  });

  test('the profile command takes the function and arguments programmatically and shows the panel', async () => {
    const api = await activeApi();
    const key = `${seed().toString()}#funcAsyncExported`;
    const rendered = new Promise<void>((resolve) => {
      const wait = () => void api.nextRender().then((m) => (m.functions.includes(key) ? resolve() : wait()));
      wait();
    });
    await vscode.workspace
      .getConfiguration('serializationProfiler')
      .update('modes', ['by-value', 'by-reference'], vscode.ConfigurationTarget.Workspace);
    await vscode.workspace
      .getConfiguration('serializationProfiler')
      .update('repeat', 1, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('serializationProfiler.profileFunctionAtCursor', {
        uri: seed(),
        functionName: 'funcAsyncExported',
        argsExpression: '21',
      });
      await rendered;
    } finally {
      await vscode.workspace
        .getConfiguration('serializationProfiler')
        .update('modes', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace
        .getConfiguration('serializationProfiler')
        .update('repeat', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      seed(),
      100,
    );
    const verdict = lenses.find(
      (lens) => lens.range.start.line === 13 && lens.command?.command === 'serializationProfiler.showResults',
    );
    assert.match(verdict?.command?.title ?? '', /^by-value [\d.]+ (µs|ms|s) · by-reference [\d.]+ (µs|ms|s)$/);
  });

  test('reports an unknown function as bad input', async () => {
    const api = await activeApi();
    await assert.rejects(
      api.profile(seed(), 'noSuchFunction', '', { ...QUICK, modes: ['by-value'] }),
      (error: Error & { failure?: { reason: string } }) => {
        assert.equal(error.failure?.reason, 'input');
        return true;
      },
    );
  });
});
