import * as vscode from 'vscode';
import type { SerializationProfilerApi } from './api';
import { ArgsMemory } from './args/ask-args';
import { registerCommands } from './commands';
import { ProfilerDiagnostics } from './diagnostics/diagnostics';
import { ProfilerQuickFixes } from './diagnostics/quick-fixes';
import { FunctionIndex, PROFILABLE_LANGUAGES } from './function-index';
import { WorkerHostClient } from './host/host-client';
import { ProfileLensProvider } from './lenses/profile-lenses';
import { PANEL_VIEW_TYPE, ResultsPanel, type RenderedMessage } from './panel/results-panel';
import { ProfileRunner, type ProfileTarget } from './profiling/profile-runner';
import { registerRecording } from './recording/register';
import { ResultsStore } from './profiling/results-store';
import { ProfilerStatusBar } from './profiling/status-bar';

let client: WorkerHostClient | undefined;

export function activate(context: vscode.ExtensionContext): SerializationProfilerApi {
  const log = vscode.window.createOutputChannel('Serialization Profiler', { log: true });
  const distUri = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const host = new WorkerHostClient(vscode.Uri.joinPath(distUri, 'worker-host.js').fsPath, log, () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  client = host;
  const index = new FunctionIndex();
  const store = new ResultsStore();
  const statusBar = new ProfilerStatusBar();
  const runner = new ProfileRunner(host, store, statusBar, log);
  const diagnostics = new ProfilerDiagnostics();
  const memory = new ArgsMemory(context.workspaceState);
  const panel = new ResultsPanel(distUri, store, log, (key) => {
    const entry = store.get(key);
    if (!entry) return;
    void vscode.commands.executeCommand('serializationProfiler.profileFunctionAtCursor', {
      uri: vscode.Uri.file(entry.file),
      functionName: entry.functionName,
      argsExpression: entry.reports[0].argsExpression,
    });
  });
  const lenses = new ProfileLensProvider(index, store);
  const selector = PROFILABLE_LANGUAGES.map((language) => ({ language, scheme: 'file' }));

  context.subscriptions.push(
    log,
    host,
    store,
    statusBar,
    diagnostics,
    panel,
    lenses,
    host.onDidChangeState(({ state }) => statusBar.setHostState(state)),
    runner.onDidComplete(async ({ target, report }) => {
      const document = await vscode.workspace.openTextDocument(target.uri);
      const site = index.find(document, target.site.name);
      if (site) diagnostics.update(target.uri, site, report);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && diagnostics.has(e.document.uri)) diagnostics.clear(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => index.forget(document)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('serializationProfiler.nodePath') || host.currentState !== 'running') return;
      log.info('serializationProfiler.nodePath changed; the worker host restarts with the new runtime');
      if (host.busy) void vscode.window.showInformationMessage('A run is in progress: the new Node path applies once you use “Restart Worker Host”.');
      else void host.restart().catch((error: Error) => log.error(error.message));
    }),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerCodeActionsProvider(selector, new ProfilerQuickFixes(index, store), ProfilerQuickFixes.metadata),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panel),
    ...registerCommands({ client: host, index, runner, panel, diagnostics, memory, log }),
  );
  const recording = registerRecording(context, log);
  log.info(`Serialization Profiler ${context.extension.packageJSON.version as string} activated`);

  const targetFor = async (uri: vscode.Uri, functionName: string, argsExpression: string): Promise<ProfileTarget> => {
    const document = await vscode.workspace.openTextDocument(uri);
    const site = index.find(document, functionName);
    return { uri, site: site ?? { name: functionName, displayName: functionName }, argsExpression };
  };

  return {
    recording,
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
    functions: (document) => index.sites(document),
    showResults: (key) => panel.show(key),
    nextRender: () => new Promise<RenderedMessage>((resolve) => {
      const subscription = panel.onDidRender((message) => {
        subscription.dispose();
        resolve(message);
      });
    }),
    hostPid: () => host.pid,
    async ensureHost() {
      const { pid } = await host.request('ping', {}).result;
      return pid;
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.shutdown();
  client = undefined;
}
