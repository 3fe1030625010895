import * as assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { activeApi, waitFor, workspaceUri, writeWorkspaceFile } from './helpers';

const QUICK_PYTHON = { repeat: 1, warmup: 0, timeoutMs: 60_000 } as const;

function profilerDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Serialization Profiler');
}

suite('profiling Python under loky', () => {
  test('the seed script: cloudpickle ok, pickle fails to load func_async in the worker, wrapped ok', async () => {
    const api = await activeApi();
    const uri = workspaceUri('python', 'seed_scenario.py');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const report = await api.profile(uri, 'func_async', '21, [1, 2, 3]', QUICK_PYTHON);
    assert.equal(report.language, 'python');
    assert.equal(report.python?.context, 'script');
    assert.deepEqual(
      report.results.map((r) => r.mode),
      ['cloudpickle', 'pickle', 'wrapped'],
      'the Python modes by default',
    );
    const byMode = new Map(report.results.map((r) => [r.mode, r]));
    assert.equal(byMode.get('cloudpickle')?.status, 'ok', JSON.stringify(byMode.get('cloudpickle')?.error));
    assert.equal(byMode.get('cloudpickle')?.resultPreview, '42');
    assert.equal(byMode.get('wrapped')?.status, 'ok', JSON.stringify(byMode.get('wrapped')?.error));
    assert.equal(byMode.get('pickle')?.error?.kind, 'task-deserialize');

    const diagnostics = await waitFor('the pickle diagnostic', () => {
      const found = profilerDiagnostics(uri);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('\n'));
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic.code, 'task-deserialize');
    assert.match(diagnostic.message, /func_async fails under pickle/);
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character],
      [7, 4, 4 + 'func_async'.length],
      'on the name in `def func_async`',
    );
  });

  test('a dask scheduler that cannot be reached is unreachable and no Problem (nothing to fix)', async () => {
    const api = await activeApi();
    const uri = workspaceUri('python', 'seed_scenario.py');
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    await vscode.commands.executeCommand('serializationProfiler.clearDiagnostics'); // the Problems seen are this run's
    const report = await api.profile(uri, 'func_async', '21', {
      ...QUICK_PYTHON,
      modes: ['dask', 'pickle'],
      daskScheduler: `tcp://127.0.0.1:${port}`,
    });
    const dask = report.results.find((r) => r.mode === 'dask');
    assert.equal(dask?.error?.kind, 'unreachable', JSON.stringify(dask?.error));
    const diagnostics = await waitFor('the pickle diagnostic', () => {
      const found = profilerDiagnostics(uri);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['task-deserialize'],
      'the Problem of pickle, none of dask',
    );
  });

  test('the pythonModes setting chooses the modes and their order', async () => {
    const api = await activeApi();
    const config = vscode.workspace.getConfiguration('serializationProfiler');
    await config.update('pythonModes', ['pickle', 'cloudpickle'], vscode.ConfigurationTarget.Workspace);
    try {
      const report = await api.profile(workspaceUri('python', 'seed_scenario.py'), 'func_async', '21', QUICK_PYTHON);
      assert.deepEqual(
        report.results.map((r) => r.mode),
        ['pickle', 'cloudpickle'],
      );
    } finally {
      await config.update('pythonModes', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('pythonContext "module" imports the file, so pickle finds func_async by reference', async () => {
    const api = await activeApi();
    const config = vscode.workspace.getConfiguration('serializationProfiler');
    await config.update('pythonContext', 'module', vscode.ConfigurationTarget.Workspace);
    try {
      const report = await api.profile(workspaceUri('python', 'seed_scenario.py'), 'func_async', '21', {
        ...QUICK_PYTHON,
        modes: ['pickle'],
      });
      assert.equal(report.python?.context, 'module');
      assert.equal(report.results[0].status, 'ok', JSON.stringify(report.results[0].error));
    } finally {
      await config.update('pythonContext', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('the wrap quick fix decorates func_async, and pickle then succeeds', async () => {
    const api = await activeApi();
    const original = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(workspaceUri('python', 'seed_scenario.py')),
    );
    const uri = await writeWorkspaceFile('python/wrap_fix_copy.py', original);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const before = await api.profile(uri, 'func_async', '21, [1, 2, 3]', { ...QUICK_PYTHON, modes: ['pickle'] });
    assert.equal(before.results[0].error?.kind, 'task-deserialize');
    const diagnostic = await waitFor('the pickle diagnostic', () => profilerDiagnostics(uri)[0]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const wrap = actions.find((a) => a.title === 'Wrap `func_async` with wrap_non_picklable_objects');
    assert.ok(wrap?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(wrap.edit));
    const text = document.getText();
    assert.match(text, /^from (joblib|loky) import wrap_non_picklable_objects\n/m);
    // The module docstring stays first: the import goes after it.
    assert.ok(text.startsWith('"""'), text.slice(0, 80));
    assert.ok(
      text.indexOf('import wrap_non_picklable_objects') > text.indexOf('"""', 3),
      'the import is below the docstring',
    );
    assert.match(text, /^@wrap_non_picklable_objects\ndef func_async\(/m);
    assert.ok(await document.save());

    const after = await api.profile(uri, 'func_async', '21, [1, 2, 3]', { ...QUICK_PYTHON, modes: ['pickle'] });
    assert.equal(after.results[0].status, 'ok', JSON.stringify(after.results[0].error));
    assert.equal(after.results[0].resultPreview, '42');
  });
});
