import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { workspaceUri } from './helpers';
import { recordingHooks } from './recording-hooks';
import { writeLargeTrace } from '../../harness/lib/large-trace.mjs';

suite('recorded traffic at scale', () => {
  test('a trace of 1,000 send sites and 10⁶ messages opens in the Traffic view (times printed)', async () => {
    const api = await recordingHooks();
    const trace = writeLargeTrace(workspaceUri('load').fsPath, 1000, 1_000_000);
    // The view may still be drawing an earlier recording's report: the drawing awaited is the large trace's.
    const rendered = api.nextTrafficRender((drawing) => drawing.sites === 1000);
    const started = Date.now();
    const opened = await vscode.commands.executeCommand<{ sites: number; loadMs: number }>(
      'serializationProfiler.openTrace',
      trace,
    );
    const drawn = await rendered;
    console.log(
      `      1,000 sites / 10⁶ messages: read ${drawn.loadMs.toFixed(1)} ms, ` +
        `delivered to the view ${drawn.postMs.toFixed(1)} ms, drawn ${drawn.renderMs.toFixed(1)} ms, ` +
        `request to drawn ${drawn.shownMs.toFixed(1)} ms; command to drawn ${Date.now() - started} ms`,
    );
    assert.equal(opened.sites, 1000);
    assert.equal(drawn.sites, 1000);
    assert.equal(api.currentReport()?.messages, 1_000_000);
  });
});
