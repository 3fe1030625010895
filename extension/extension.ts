import * as vscode from 'vscode';
import type { SerializationProfilerApi } from './api';
import { ArgsMemory } from './args/ask-args';
import { registerCommands } from './commands';
import { ProfilerDiagnostics } from './diagnostics/diagnostics';
import { ProfilerQuickFixes } from './diagnostics/quick-fixes';
import { FunctionIndex, PROFILABLE_LANGUAGES } from './function-index';
import { WorkerHostClient } from './host/host-client';
import { ProfileLensProvider } from './lenses/profile-lenses';
import { PANEL_VIEW_TYPE, ResultsPanel } from './panel/results-panel';
import { ProfileRunner, type ProfileTarget } from './profiling/profile-runner';
import { editArguments } from './profiling/report-failure';
import { ResultsStore } from './profiling/results-store';
import { registerRecording, type RecordingControls } from './recording/register';
import { ProfilerStatusBar } from './profiling/status-bar';
import { registerTestHooks } from './test-hooks';

/** Set by the banner and footer esbuild puts around extension.js: when the bundle started and ended loading. */
declare const __serializationProfilerLoadStart: number | undefined;
declare const __serializationProfilerLoadEnd: number | undefined;

let client: WorkerHostClient | undefined;

export function activate(context: vscode.ExtensionContext): SerializationProfilerApi {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel('Serialization Profiler', { log: true });
  const distUri = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const host = new WorkerHostClient(
    vscode.Uri.joinPath(distUri, 'worker-host.js').fsPath,
    log,
    () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  );
  client = host;
  const index = new FunctionIndex(host, log);
  const store = new ResultsStore();
  const statusBar = new ProfilerStatusBar();
  const runner = new ProfileRunner(host, store, statusBar, log);
  const diagnostics = new ProfilerDiagnostics();
  const memory = new ArgsMemory(context.workspaceState);
  const targetOfEntry = (key: string): ProfileTarget | undefined => {
    const entry = store.get(key);
    if (!entry) return undefined;
    const uri = vscode.Uri.file(entry.file);
    return {
      uri,
      site: { name: entry.functionName, displayName: entry.displayName },
      argsExpression: entry.reports[0].argsExpression,
    };
  };
  const panel = new ResultsPanel(distUri, store, log, host, {
    rerun: (key) => {
      const target = targetOfEntry(key);
      if (target)
        void vscode.commands.executeCommand('serializationProfiler.profileFunctionAtCursor', {
          uri: target.uri,
          functionName: target.site.name,
          argsExpression: target.argsExpression,
        });
    },
    editArgs: (key) => {
      const target = targetOfEntry(key);
      if (target) void editArguments(target);
    },
  });
  const lenses = new ProfileLensProvider(index, store);
  const recording: { controls?: RecordingControls } = {}; // registered once activation is measured
  const clearRecordedProblems = async (): Promise<void> => recording.controls?.clearProblems();
  const selector = PROFILABLE_LANGUAGES.map((language) => ({ language, scheme: 'file' }));

  context.subscriptions.push(
    log,
    host,
    store,
    statusBar,
    diagnostics,
    panel,
    lenses,
    host.onDidChangeState(({ state }) => {
      statusBar.setHostState(state);
      if (state === 'running') lenses.refresh();
    }),
    runner.onDidComplete(async ({ target, report }) => {
      const document = await vscode.workspace.openTextDocument(target.uri);
      const site = await index.find(document, target.site.name);
      if (site) diagnostics.update(target.uri, site, report);
    }),
    // A verdict describes the code it ran: the first edit makes the file's Problems and verdict lenses stale.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      diagnostics.clear(e.document.uri);
      store.markStale(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => index.forget(document)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('serializationProfiler.nodePath') || host.currentState !== 'running') return;
      log.info('serializationProfiler.nodePath changed; the worker host restarts with the new runtime');
      if (host.busy)
        void vscode.window.showInformationMessage(
          'A run is in progress: the new Node path applies once you use “Restart Worker Host”.',
        );
      else void host.restart().catch((error: Error) => log.error(error.message));
    }),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerCodeActionsProvider(
      selector,
      new ProfilerQuickFixes(index, store, diagnostics, host),
      ProfilerQuickFixes.metadata,
    ),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panel),
    ...registerCommands({ client: host, index, runner, panel, diagnostics, memory, log, clearRecordedProblems }),
  );

  const targetFor = async (uri: vscode.Uri, functionName: string, argsExpression: string): Promise<ProfileTarget> => {
    const document = await vscode.workspace.openTextDocument(uri);
    const site = await index.find(document, functionName);
    return { uri, site: site ?? { name: functionName, displayName: functionName }, argsExpression };
  };

  const activateEnd = performance.now();
  const loaded =
    typeof __serializationProfilerLoadStart === 'number' && typeof __serializationProfilerLoadEnd === 'number';
  const loadMs = loaded ? __serializationProfilerLoadEnd! - __serializationProfilerLoadStart! : 0;
  const activation = { loadMs, activateMs: activateEnd - activateStart };
  recording.controls = registerRecording(context, log);
  const hooks = registerTestHooks(context, { index, panel, host }, () => activation);
  if (hooks) context.subscriptions.push(hooks);
  log.info(
    `Serialization Profiler ${context.extension.packageJSON.version as string} activated: ` +
      `loaded in ${loadMs.toFixed(1)} ms, activate ran ${activation.activateMs.toFixed(1)} ms`,
  );

  return {
    async profile(uri, functionName, argsExpression, overrides) {
      const target = await targetFor(uri, functionName, argsExpression);
      return runner.start(target, await runner.requestFor(target, overrides)).result;
    },
    startProfile(uri, functionName, argsExpression, overrides) {
      let cancelled = false;
      let cancelRun: (() => void) | undefined;
      const result = targetFor(uri, functionName, argsExpression).then(async (target) => {
        const run = runner.start(target, await runner.requestFor(target, overrides));
        cancelRun = run.cancel;
        if (cancelled) run.cancel();
        return run.result;
      });
      return {
        result,
        cancel: () => {
          cancelled = true;
          cancelRun?.();
        },
      };
    },
    showResults: (key) => panel.show(key),
  };
}

export async function deactivate(): Promise<void> {
  await client?.shutdown();
  client = undefined;
}
