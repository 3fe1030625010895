import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, QUICK, waitFor, writeWorkspaceFile } from './helpers';

function profilerProblems(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Serialization Profiler');
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses.map((lens) => lens.command?.title ?? '');
}

async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
}

suite('nothing runs on stale code', () => {
  test('an edit makes the verdict lens and Problems stale; Re-run Last Profile saves the edit first', async () => {
    const api = await activeApi();
    const uri = await writeWorkspaceFile('rerun-copy.mjs', 'function double(x) {\n  return 2 * x;\n}\n');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const before = await api.profile(uri, 'double', '21', { ...QUICK, modes: ['by-reference'] });
    assert.equal(before.results[0].error?.kind, 'task-deserialize');
    await waitFor('the verdict lens', async () => (await lensTitles(uri)).includes('by-reference ✗ un-serialize'));
    await waitFor('the Problem', () => profilerProblems(uri).length === 1);

    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), 'export ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(document.isDirty);
    await waitFor(
      'the stale verdict lens to go',
      async () => !(await lensTitles(uri)).some((t) => t.includes('by-reference')),
    );
    assert.equal(profilerProblems(uri).length, 0, 'the edit clears the stale Problem');

    await vscode.workspace
      .getConfiguration('serializationProfiler')
      .update('modes', ['by-reference'], vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('serializationProfiler.rerunLast');
    } finally {
      await vscode.workspace
        .getConfiguration('serializationProfiler')
        .update('modes', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal(document.isDirty, false, 'the edit was saved before the run');
    const verdict = await waitFor('the verdict of the re-run', async () =>
      (await lensTitles(uri)).find((t) => t.startsWith('by-reference ')),
    );
    assert.match(verdict, /^by-reference [\d.]+ (µs|ms|s)$/, 'the re-run profiled the exported function');
  });
});

suite('Problems that help', () => {
  test('modes that fail the same way give one Problem naming the function and listing the modes', async () => {
    const api = await activeApi();
    const uri = await writeWorkspaceFile('causes-copy.mjs', 'function half(x) {\n  return x / 2;\n}\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await api.profile(uri, 'half', '8', { ...QUICK, modes: ['by-value', 'by-reference', 'json', 'structured-clone'] });
    const problems = await waitFor('the Problem', () =>
      profilerProblems(uri).length > 0 ? profilerProblems(uri) : undefined,
    );
    assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n---\n'));
    const [problem] = problems;
    assert.match(problem.message, /^half fails under by-reference, json, structured-clone: /);
    assert.doesNotMatch(problem.message, /`fn`|\(at fn\)/);
    const related = (problem.relatedInformation ?? []).map((r) => r.message);
    assert.deepEqual(related.slice(1), [
      'by-reference: un-serialize',
      'json: un-serialize',
      'structured-clone: un-serialize',
    ]);
  });

  test('a timeout is no Problem, and after one mode timed out the others stop early', async () => {
    const api = await activeApi();
    const uri = await writeWorkspaceFile('hang-copy.mjs', 'export function spin(n) {\n  for (;;) n++;\n}\n');
    const report = await api.profile(uri, 'spin', '1', {
      repeat: 2,
      warmup: 1,
      timeoutMs: 1500,
      modes: ['by-value', 'json', 'by-reference'],
    });
    assert.deepEqual(
      report.results.map((r) => r.error?.kind),
      ['timeout', 'timeout', 'timeout'],
    );
    assert.match(report.results[0].error!.message, /within 1500 ms/);
    for (const later of report.results.slice(1)) {
      assert.match(
        later.error!.message,
        /within 1000 ms \(shortened: under by-value it did not finish within 1500 ms\)/,
      );
    }
    assert.equal(report.timeoutMs, 1500);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(
      profilerProblems(uri).length,
      0,
      profilerProblems(uri)
        .map((p) => p.message)
        .join('\n'),
    );
  });
});

suite('quick fixes that are complete', () => {
  test('an unexported class in the arguments gets “Export class `Point`”; the fix updates lens, Problems', async () => {
    const api = await activeApi();
    const source =
      'class Point {\n  constructor(x, y) { this.x = x; this.y = y; }\n}\n\n' +
      'export function norm(p) {\n  return Math.hypot(p.x, p.y);\n}\n';
    const uri = await writeWorkspaceFile('point-copy.mjs', source);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const before = await api.profile(uri, 'norm', 'new Point(3, 4)', { ...QUICK, modes: ['by-reference'] });
    assert.equal(before.results[0].error?.path, 'args[0]');
    const problem = await waitFor('the Problem', () => profilerProblems(uri)[0]);
    assert.match(problem.message, /^norm's argument `args\[0\]` fails under by-reference/);
    const fix = (await quickFixes(uri, problem)).find((a) => a.title === 'Export class `Point`');
    assert.ok(fix?.edit, (await quickFixes(uri, problem)).map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /^export class Point \{/);
    assert.equal(profilerProblems(uri).length, 0);
    await waitFor('the stale verdict lens to go', async () => !(await lensTitles(uri)).some((t) => t.includes('✗')));
    assert.ok(await document.save());
    const after = await api.profile(uri, 'norm', 'new Point(3, 4)', { ...QUICK, modes: ['by-reference'] });
    assert.equal(after.results[0].status, 'ok', JSON.stringify(after.results[0].error));
    assert.equal(after.results[0].resultPreview, '5');
  });
});
