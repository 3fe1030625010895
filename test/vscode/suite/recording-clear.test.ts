import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, workspaceUri } from './helpers';
import { recordingHooks } from './recording-hooks';
import { problems, recordIn } from './recording-helpers';

suite('Clear Diagnostics and a recorded run', function () {
  this.timeout(180_000);
  const main = (): vscode.Uri => workspaceUri('recording', 'main.mjs');

  test("Clear Diagnostics removes the recording's Problems; a reloaded window does not bring them back", async () => {
    const hooks = await recordingHooks();
    const first = await recordIn({ npmScript: 'start' });
    assert.equal(first.status, 'finished');
    await waitFor('the recorded Problems', () => (problems(main()).length >= 5 ? true : undefined));
    assert.ok((await hooks.problemsAfterReload()) >= 5, 'before clearing, a reload shows them again');

    await vscode.commands.executeCommand('serializationProfiler.clearDiagnostics');
    assert.deepEqual(
      problems(main()).map((d) => d.message),
      [],
      'no recorded Problem left',
    );
    assert.equal(await hooks.problemsAfterReload(), 0, 'a reload restores the recording without its Problems');
    assert.ok(hooks.currentReport(), 'the recording itself stays (its lenses, hovers and Traffic view)');

    const second = await recordIn({ npmScript: 'start' });
    assert.equal(second.status, 'finished');
    await waitFor('the new recording’s Problems', () => (problems(main()).length >= 5 ? true : undefined));
  });
});
