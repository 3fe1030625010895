import * as vscode from 'vscode';
import { PROFILABLE_LANGUAGES } from '../function-index';
import { openTraceCommand, showRecordingTerminal, startRecording, type RecordServices } from './record-command';
import type { RecordCommandArgs } from './record-target';
import { RecordingStore } from './recording-store';
import {
  rememberProblemsCleared,
  rememberRecordings,
  restoreLastRecording,
  restoreRecording,
} from './restore-recording';
import { TRAFFIC_SOURCE, TrafficDiagnostics } from './traffic-diagnostics';
import { EXPLAIN_FINDING_COMMAND, TrafficQuickFixes, type ExplainArgs } from './traffic-fixes';
import { SHOW_SITE_COMMAND, TrafficHoverProvider, TrafficLensProvider } from './traffic-lenses';
import { TRAFFIC_VIEW_TYPE, TrafficPanel, type TrafficRendered } from './traffic-panel';
import { valueDefinition } from './value-definition';
import type { RecordingApi } from './recording-api';

export const RECORDING_HOOKS_COMMAND = 'serializationProfiler.internal.recordingHooks';

/** What the rest of the extension asks of the recording side. */
export interface RecordingControls {
  /** *Clear Diagnostics*: the recording's Problems go, and a reloaded window does not bring them back. */
  clearProblems(): Promise<void>;
}

/** Everything of recorded traffic: commands, the Traffic view, lenses, hovers, Problems and their quick fixes. */
export function registerRecording(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): RecordingControls {
  const distUri = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const store = new RecordingStore();
  const memento = context.workspaceState;
  // A reloaded window shows the last recording again: lenses, hovers and Problems, and the Traffic view if it was open.
  const restored = restoreLastRecording(store, memento, log);
  const panel = new TrafficPanel(distUri, store, log, async (current, compare) => {
    await restored;
    const has = (source: string): boolean => store.all().some((r) => r.source === source);
    if (!has(current)) await restoreRecording(store, memento, current);
    if (compare && !has(compare)) await restoreRecording(store, memento, compare, true);
  });
  const services: RecordServices = {
    store,
    log,
    distUri,
    panel,
    storageUri: context.storageUri ?? context.globalStorageUri,
  };
  const diagnostics = new TrafficDiagnostics(store, valueDefinition);
  const lenses = new TrafficLensProvider(store);
  const selector = PROFILABLE_LANGUAGES.map((language) => ({ language, scheme: 'file' }));

  context.subscriptions.push(
    store,
    rememberRecordings(store, memento),
    panel,
    diagnostics,
    lenses,
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerHoverProvider(selector, new TrafficHoverProvider(store)),
    vscode.languages.registerCodeActionsProvider(
      selector,
      new TrafficQuickFixes(diagnostics),
      TrafficQuickFixes.metadata,
    ),
    vscode.window.registerWebviewPanelSerializer(TRAFFIC_VIEW_TYPE, panel),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) diagnostics.clear(e.document.uri);
    }),
    vscode.commands.registerCommand('serializationProfiler.recordTraffic', async (args?: RecordCommandArgs) => {
      const handle = await startRecording(services, args);
      const result = await handle?.done;
      return (
        result && {
          status: result.outcome.status,
          exitCode: result.outcome.exitCode,
          reportFile: result.outcome.reportFile,
          sites: result.recording?.report.sites.length,
        }
      );
    }),
    vscode.commands.registerCommand('serializationProfiler.openTrace', async (file?: vscode.Uri | string) => {
      const recording = await openTraceCommand(services, file);
      return recording && { sites: recording.report.sites.length, loadMs: recording.loadMs };
    }),
    vscode.commands.registerCommand('serializationProfiler.showTraffic', () => {
      if (store.current) panel.show();
      else
        void vscode.window.showInformationMessage(
          'No recording yet: run “Record Serialization Traffic…” or “Open Trace…” first.',
        );
    }),
    vscode.commands.registerCommand('serializationProfiler.showRecordingTerminal', showRecordingTerminal),
    vscode.commands.registerCommand(SHOW_SITE_COMMAND, (site?: string) =>
      panel.show(typeof site === 'string' ? site : undefined),
    ),
    vscode.commands.registerCommand(EXPLAIN_FINDING_COMMAND, (args?: ExplainArgs) => panel.show(args?.site)),
    store.onDidChange(
      () => void vscode.commands.executeCommand('setContext', 'serializationProfiler.hasRecording', true),
    ),
  );

  const clearProblems = async (): Promise<void> => {
    await restored; // a recording being restored would bring its Problems back after this
    diagnostics.clearAll();
    const cleared = store.markProblemsCleared();
    if (cleared) await rememberProblemsCleared(memento, cleared);
  };

  const hooks: RecordingApi = {
    startRecording: async (args) => {
      const handle = await startRecording(services, args);
      if (!handle) return undefined;
      return {
        processes: () => handle.run.processes(),
        cancel: () => handle.run.cancel(),
        interrupt: () => handle.run.interrupt(),
        done: handle.done.then(({ outcome, recording }) => ({
          status: outcome.status,
          sites: recording?.report.sites.length ?? 0,
        })),
      };
    },
    nextTrafficRender: (matching = () => true) =>
      new Promise<TrafficRendered>((resolve) => {
        const subscription = panel.onDidRender((rendered) => {
          if (!matching(rendered)) return;
          subscription.dispose();
          resolve(rendered);
        });
      }),
    currentReport: () => store.current?.report,
    async problemsAfterReload() {
      const reloaded = new RecordingStore();
      const reloadedDiagnostics = new TrafficDiagnostics(reloaded, valueDefinition);
      try {
        await restoreLastRecording(reloaded, memento, log);
        await reloadedDiagnostics.whenPublished();
        return vscode.languages
          .getDiagnostics()
          .reduce((sum, [, list]) => sum + list.filter((d) => d.source === TRAFFIC_SOURCE).length, 0);
      } finally {
        reloadedDiagnostics.dispose();
        reloaded.dispose();
      }
    },
  };
  // The extension's own tests reach the recording through this command; it does not exist in production.
  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    context.subscriptions.push(vscode.commands.registerCommand(RECORDING_HOOKS_COMMAND, () => hooks));
  }
  return { clearProblems };
}
