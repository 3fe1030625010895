import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, QUICK, waitFor, workspaceUri, writeWorkspaceFile } from './helpers';

suite('export quick fix', () => {
  test('exports the function and makes by-reference succeed', async () => {
    const api = await activeApi();
    const original = await vscode.workspace.fs.readFile(workspaceUri('seed-scenario.mjs'));
    const uri = await writeWorkspaceFile('quick-fix-copy.mjs', new TextDecoder().decode(original));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const before = await api.profile(uri, 'funcAsync', '21, largeList', { ...QUICK, modes: ['by-reference'] });
    assert.equal(before.results[0].error?.kind, 'task-deserialize');
    const diagnostic = await waitFor('the by-reference diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Serialization Profiler'),
    );

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const exportFix = actions.find((a) => a.title === 'Export `funcAsync`');
    assert.ok(exportFix?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(exportFix.edit));
    assert.match(document.getText(), /^export function funcAsync\(/m);
    assert.ok(await document.save());
    assert.equal(
      vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Serialization Profiler').length,
      0,
      'the edit clears the stale diagnostic',
    );

    const after = await api.profile(uri, 'funcAsync', '21, largeList', { ...QUICK, modes: ['by-reference'] });
    assert.equal(after.results[0].status, 'ok', JSON.stringify(after.results[0].error));
    assert.equal(after.results[0].resultPreview, '42');
  });
});

suite('wrap quick fix', () => {
  test('wraps a function passed in the arguments with wrapNonPicklable', async () => {
    const api = await activeApi();
    const source = [
      'function addOne(x) {',
      '  return x + 1;',
      '}',
      '',
      'export function apply(fn, x) {',
      '  return fn(x);',
      '}',
      '',
    ].join('\n');
    const uri = await writeWorkspaceFile('wrap-fix-copy.mjs', source);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const report = await api.profile(uri, 'apply', 'addOne, 1', { ...QUICK, modes: ['by-reference'] });
    const error = report.results[0].error;
    assert.ok(error && error.path?.startsWith('args[0]'), JSON.stringify(report.results[0]));
    const diagnostic = await waitFor('the by-reference diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Serialization Profiler'),
    );
    assert.equal(diagnostic.relatedInformation?.[0]?.location.range.start.line, 0);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const wrap = actions.find((a) => a.title === 'Wrap `addOne` with wrapNonPicklable');
    assert.ok(wrap?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(!actions.some((a) => a.title.startsWith('Export `apply`')), 'apply is exported already');
    assert.ok(await vscode.workspace.applyEdit(wrap.edit));
    assert.equal(
      document.getText(),
      [
        "import { wrapNonPicklable } from 'serialization-profiler';",
        'const addOne = wrapNonPicklable(function addOne(x) {',
        '  return x + 1;',
        '});',
        '',
        'export function apply(fn, x) {',
        '  return fn(x);',
        '}',
        '',
      ].join('\n'),
    );
    await document.save();
  });
});
