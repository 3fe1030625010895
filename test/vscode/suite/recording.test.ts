import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isAlive, waitFor, workspaceUri } from './helpers';
import { recordingHooks } from './recording-hooks';
import { lensTitles, problems, quickFixes, recordIn, type RecordSummary } from './recording-helpers';

async function recordNpmScript(script: string): Promise<RecordSummary> {
  return recordIn({ npmScript: script });
}

suite('recorded traffic', function () {
  this.timeout(180_000);
  const main = (): vscode.Uri => workspaceUri('recording', 'main.mjs');

  test('recording the npm script: a lens on each send site, Problems on the wasteful and failing ones', async () => {
    const document = await vscode.workspace.openTextDocument(main());
    await vscode.window.showTextDocument(document);
    const summary = await recordNpmScript('start');
    assert.equal(summary.status, 'finished');
    assert.equal(summary.exitCode, 0);

    const titles = await waitFor('the send-site lenses', async () => {
      const found = await lensTitles(main());
      return found.size >= 4 ? found : undefined;
    });
    assert.match(
      titles.get(15) ?? '',
      /^40 messages · 5\.\d+ MiB · .+ serializing · 1 finding$/,
      [...titles].join('\n'),
    );
    assert.match(titles.get(18) ?? '', /^5 messages · \d+ KiB · .+ serializing · 1 finding$/);
    assert.equal(titles.get(21), '1 failure, nothing sent · DataCloneError at .onProgress');
    assert.match(titles.get(25) ?? '', /^1 message · \d+ B · .+ serializing · 2 findings$/);

    const found = problems(main())
      .map((d) => `${d.range.start.line + 1} ${vscode.DiagnosticSeverity[d.severity]} ${String(d.code)}`)
      .sort();
    assert.deepEqual(found, [
      '15 Warning transferable-copied',
      '18 Warning repeated-large-value',
      '21 Error DataCloneError',
      '25 Warning json-changed-value',
      '25 Warning json-changed-value',
    ]);
    const failure = problems(main()).find((d) => d.code === 'DataCloneError');
    assert.match(failure?.message ?? '', /`\.onProgress`/);
    assert.equal(
      failure?.relatedInformation?.[0]?.location.range.start.line,
      4,
      'related information at function onProgress',
    );
    const repeated = problems(main()).find((d) => d.code === 'repeated-large-value');
    assert.equal(
      repeated?.relatedInformation?.[0]?.location.range.start.line,
      8,
      'related information at const lookup',
    );

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      main(),
      new vscode.Position(14, 4),
    );
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /transferable-copied/);
    assert.match(hoverText, /\| 40 \(17 measured\) \|/);
  });

  test('each quick fix makes its edit, and a new recording no longer finds what was fixed', async () => {
    const uri = main();
    const document = await vscode.workspace.openTextDocument(uri);
    const original = document.getText();
    const byKind = (kind: string): vscode.Diagnostic => {
      const diagnostic = problems(uri).find((d) => d.code === kind);
      assert.ok(diagnostic, `no ${kind} Problem`);
      return diagnostic;
    };
    // Every action is computed before any edit: an edit clears the file's recorded Problems.
    const transfer = (await quickFixes(uri, byKind('transferable-copied'))).find((a) => a.title.startsWith('Transfer'));
    const advanced = (await quickFixes(uri, byKind('json-changed-value'))).find((a) => a.title.startsWith('Fork with'));
    const moveAction = (await quickFixes(uri, byKind('repeated-large-value')))[0];
    assert.ok(transfer?.edit && advanced?.edit && moveAction?.edit, 'expected a transfer, a fork and a workerData fix');
    assert.equal(transfer.title, 'Transfer `pixels.buffer` instead of copying it (the sender no longer reads it)');
    assert.equal(
      moveAction.title,
      'Send `lookup` once as workerData of the Worker on line 10 ' +
        '(resize-worker.mjs never reads `.lookup` from its messages)',
    );

    assert.ok(await vscode.workspace.applyEdit(transfer.edit));
    assert.equal(document.lineAt(14).text, '  worker.postMessage({ id: i, pixels }, [pixels.buffer]);');
    assert.ok(await vscode.workspace.applyEdit(advanced.edit));
    assert.equal(
      document.lineAt(10).text,
      "const child = fork(new URL('./stats-child.mjs', import.meta.url), [], { serialization: 'advanced' });",
    );
    assert.ok(await vscode.workspace.applyEdit(moveAction.edit));
    assert.equal(
      document.lineAt(9).text,
      "const worker = new Worker(new URL('./resize-worker.mjs', import.meta.url), { workerData: { lookup } });",
    );
    assert.equal(document.lineAt(17).text, '  worker.postMessage({ id: 100 + i });');
    assert.equal(problems(uri).length, 0, 'the edits clear the stale Problems');
    assert.ok(await document.save());

    try {
      const after = await recordNpmScript('start');
      assert.equal(after.exitCode, 0, 'the fixed program still runs to its end');
      const kinds = await waitFor('the new recording’s Problems', () => {
        const list = problems(uri);
        return list.length > 0 ? list.map((d) => String(d.code)).sort() : undefined;
      });
      assert.deepEqual(kinds, ['DataCloneError'], 'transferring, the advanced channel and workerData removed them');
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), original);
      await vscode.workspace.applyEdit(restore);
      await document.save();
    }
  });

  test('cancelling a recording ends every process of the run; Ctrl-C stops it and keeps the report', async () => {
    const api = await recordingHooks();
    const cwd = workspaceUri('recording').fsPath;
    const run = await api.startRecording({ npmScript: 'soak', cwd });
    assert.ok(run);
    // record → npm → sh → node soak.mjs → its child process (the worker thread lives inside node).
    const pids = await waitFor(
      'the soak program and its child',
      () => {
        const seen = run.processes();
        return seen.length >= 5 ? seen : undefined;
      },
      30_000,
    );
    await run.cancel();
    assert.deepEqual(pids.filter(isAlive), [], 'no process of the run is left');
    assert.equal((await run.done).status, 'cancelled');

    const second = await api.startRecording({ npmScript: 'soak', cwd });
    assert.ok(second);
    await waitFor('the soak program and its child', () => (second.processes().length >= 5 ? true : undefined), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const seen = second.processes();
    second.interrupt();
    const outcome = await second.done;
    assert.equal(outcome.status, 'interrupted');
    assert.ok(outcome.sites >= 2, `the report of the stopped run has its sites (${outcome.sites})`);
    await waitFor(
      'every process of the interrupted run to end',
      () => (seen.filter(isAlive).length === 0 ? true : undefined),
      10_000,
    );
  });
});
