import * as assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { placeableSites, RecordingStore } from '../../../extension/recording/recording-store';
import { rememberRecordings, restoreRecording } from '../../../extension/recording/restore-recording';
import { workspaceUri } from './helpers';
import { writeLargeTrace } from '../../harness/lib/large-trace.mjs';

/** The workspace's memory, as the editor keeps it for the extension: here for this test only. */
class WorkspaceMemory implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

suite('recorded traffic after a reload', () => {
  test('the restored recording keeps its name and places nothing in a file changed since the run', async () => {
    const dir = workspaceUri('restored').fsPath;
    const trace = writeLargeTrace(dir, 20, 1000);
    const changed = join(dir, 'service-3.mjs');
    const later = new Date(Date.now() + 60_000);
    utimesSync(changed, later, later);

    const memory = new WorkspaceMemory();
    const before = new RecordingStore();
    const remembering = rememberRecordings(before, memory);
    const { report } = await restoreRecording(before, memory, trace);
    before.add({ label: 'npm run load', source: trace, report, openedAt: Date.now(), loadMs: 0 });
    remembering.dispose();

    const after = new RecordingStore();
    const restored = await restoreRecording(after, memory, trace);
    assert.equal(restored.label, 'npm run load', 'the name it was recorded under');
    assert.deepEqual(restored.changedFiles, [changed]);
    assert.equal(after.sitesIn(vscode.Uri.file(changed)).length, 0, 'no lenses in the changed file');
    assert.equal(after.sitesIn(vscode.Uri.file(join(dir, 'service-4.mjs'))).length, 2, 'the others keep theirs');
    assert.equal(placeableSites(restored).length, 18, 'nor Problems');
    before.dispose();
    after.dispose();
  });
});
