import * as assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceUri } from './helpers';
import { recordingHooks } from './recording-hooks';
import { lensTitles, problemOf, problems, quickFixes, recordIn } from './recording-helpers';

/** The example pipeline in TypeScript, recorded as users run TypeScript on Node 20: `node --import tsx`. */
suite('recorded traffic in TypeScript', function () {
  this.timeout(180_000);
  const extensionPath = (): string => vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const pipeline = (): vscode.Uri => workspaceUri('recording', 'typed-pipeline.mts');

  suiteSetup(() => {
    copyFileSync(join(extensionPath(), 'test', 'fixtures', 'recording-ts', 'typed-pipeline.mts'), pipeline().fsPath);
  });

  test('lenses on the lines of the .mts file, and every quick fix makes its edit there', async () => {
    const document = await vscode.workspace.openTextDocument(pipeline());
    await vscode.window.showTextDocument(document);
    const tsx = pathToFileURL(join(extensionPath(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const summary = await recordIn({ command: ['node', '--import', tsx, 'typed-pipeline.mts'] });
    assert.equal(summary.exitCode, 0);
    const titles = await waitFor('the send-site lenses of the .mts file', async () => {
      const found = await lensTitles(pipeline());
      return found.size >= 3 ? found : undefined;
    });
    assert.match(titles.get(18) ?? '', /^40 messages · 5\.\d+ MiB · .+ · 1 finding$/, [...titles].join('\n'));
    assert.match(titles.get(21) ?? '', /^5 messages · .+ · 1 finding$/);
    assert.match(titles.get(23) ?? '', /^1 message · .+ · 2 findings$/);
    assert.deepEqual(
      problems(pipeline())
        .map((d) => `${d.range.start.line + 1} ${String(d.code)}`)
        .sort(),
      ['18 transferable-copied', '21 repeated-large-value', '23 json-changed-value', '23 json-changed-value'],
    );

    const uri = pipeline();
    const transfer = (await quickFixes(uri, problemOf(uri, 'transferable-copied')))[0];
    const advanced = (await quickFixes(uri, problemOf(uri, 'json-changed-value')))[0];
    const moveAction = (await quickFixes(uri, problemOf(uri, 'repeated-large-value')))[0];
    assert.ok(transfer?.edit && advanced?.edit && moveAction?.edit, 'three edits, no explanation instead');
    assert.ok(await vscode.workspace.applyEdit(transfer.edit));
    assert.ok(await vscode.workspace.applyEdit(advanced.edit));
    assert.ok(await vscode.workspace.applyEdit(moveAction.edit));
    assert.equal(document.lineAt(17).text, '  worker.postMessage({ id: i, pixels } satisfies Job, [pixels.buffer]);');
    assert.equal(
      document.lineAt(13).text,
      "const child: ChildProcess = fork(new URL('./stats-child.mjs', import.meta.url), [], " +
        "{ serialization: 'advanced' });",
    );
    assert.equal(
      document.lineAt(12).text,
      "const worker: Worker = new Worker(new URL('./resize-worker.mjs', import.meta.url), { workerData: { lookup } });",
    );
    assert.equal(document.lineAt(20).text, '  worker.postMessage({ id: 100 + i } as Job);');
    assert.ok(await document.save());

    const after = await recordIn({ command: ['node', '--import', tsx, 'typed-pipeline.mts'] });
    assert.equal(after.exitCode, 0, 'the fixed program still runs to its end');
    await waitFor('the new recording’s lenses', async () => ((await lensTitles(uri)).size >= 3 ? true : undefined));
    assert.deepEqual(problems(uri), [], 'the three findings are gone');
  });

  test('a worker that reads the value from its messages: the move is explained, not made', async () => {
    const document = await vscode.workspace.openTextDocument(pipeline());
    const tsx = pathToFileURL(join(extensionPath(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const original = document.getText();
    const restore = new vscode.WorkspaceEdit();
    restore.replace(pipeline(), new vscode.Range(0, 0, document.lineCount, 0), original);
    const worker = await vscode.workspace.openTextDocument(workspaceUri('recording', 'resize-worker.mjs'));
    const workerText = worker.getText();
    try {
      const fixture = new vscode.WorkspaceEdit();
      fixture.replace(
        pipeline(),
        new vscode.Range(0, 0, document.lineCount, 0),
        original
          .replace(
            "new URL('./resize-worker.mjs', import.meta.url), { workerData: { lookup } }",
            "new URL('./resize-worker.mjs', import.meta.url)",
          )
          .replace('{ id: 100 + i } as Job', '{ id: 100 + i, lookup } as Job'),
      );
      assert.ok(await vscode.workspace.applyEdit(fixture));
      assert.ok(await document.save());
      await recordIn({ command: ['node', '--import', tsx, 'typed-pipeline.mts'] });
      const repeated = await waitFor('the repeated-large-value Problem', () =>
        problems(pipeline()).find((d) => d.code === 'repeated-large-value'),
      );
      // The worker file as the editor has it, unsaved: it now reads `.lookup` from each message.
      const reads = new vscode.WorkspaceEdit();
      reads.replace(worker.uri, new vscode.Range(4, 0, 4, 0), '  void job.lookup;\n');
      assert.ok(await vscode.workspace.applyEdit(reads));
      const [explain] = await quickFixes(pipeline(), repeated);
      assert.ok(explain?.command, 'an explanation');
      assert.equal(explain.edit, undefined, 'no edit');
      assert.equal(
        explain.title,
        'Explain: send `.lookup` once in workerData (the Worker is created on line 13); not changed for you: ' +
          'resize-worker.mjs reads `.lookup` from each message (line 5): that would change too',
      );
      const rendered = (await recordingHooks()).nextTrafficRender();
      await vscode.commands.executeCommand(explain.command.command, ...(explain.command.arguments ?? []));
      assert.ok((await rendered).sites > 0, 'the explanation opens the Traffic view at the finding');
    } finally {
      const unread = new vscode.WorkspaceEdit();
      unread.replace(worker.uri, new vscode.Range(0, 0, worker.lineCount, 0), workerText);
      assert.ok(await vscode.workspace.applyEdit(unread));
      await worker.save();
      assert.ok(await vscode.workspace.applyEdit(restore));
      await document.save();
    }
  });
});
