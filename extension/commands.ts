import * as vscode from 'vscode';
import type { FoundFunction } from '../shared/functions';
import { PYTHON_MODES } from '../shared/languages';
import { PICKLER_MODES } from '../shared/report';
import { askArgs, type ArgsMemory } from './args/ask-args';
import type { ProfilerDiagnostics } from './diagnostics/diagnostics';
import { isProfilable, type FunctionIndex } from './function-index';
import { HostRequestError, type WorkerHostClient } from './host/host-client';
import type { ResultsPanel } from './panel/results-panel';
import type { ProfileRunner, ProfileTarget } from './profiling/profile-runner';
import { reportFailure } from './profiling/report-failure';
import { resultKey } from './profiling/results-store';
import { readRunSettings, SECTION } from './settings';
import { requireTrust } from './trust';

export interface CommandServices {
  client: WorkerHostClient;
  index: FunctionIndex;
  runner: ProfileRunner;
  panel: ResultsPanel;
  diagnostics: ProfilerDiagnostics;
  memory: ArgsMemory;
  log: vscode.LogOutputChannel;
  /** The Problems of the recorded run, which *Clear Diagnostics* clears too. */
  clearRecordedProblems(): Promise<void>;
}

/** What a lens, a test or a keybinding may pass to the profile command instead of the cursor and the prompt. */
export interface ProfileCommandArgs {
  uri?: vscode.Uri | string;
  functionName?: string;
  argsExpression?: string;
  /** Opens the argument box with this text (e.g. to correct arguments that failed). */
  argsPrefill?: string;
}

/** Every entry point profiles what the editor shows: unsaved edits are saved first (the workers load the file). */
async function saveFirst(document: vscode.TextDocument): Promise<boolean> {
  if (!document.isDirty || (await document.save()) || (await savedElsewhere(document))) return true;
  void vscode.window.showErrorMessage(
    `${vscode.workspace.asRelativePath(document.uri)} could not be saved, so it was not profiled: ` +
      'the workers would run the old code.',
  );
  return false;
}

/** How long a save that another save (an auto-save) overlapped is waited for. */
const OTHER_SAVE_WAIT_MS = 3000;

/**
 * `save()` also answers false when another save of the document was under way (an auto-save, a save from
 * elsewhere): what is on disk is the editor's text once that one ends, so it is waited for, a moment at most.
 */
function savedElsewhere(document: vscode.TextDocument): Promise<boolean> {
  if (!document.isDirty) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (saved: boolean): void => {
      subscription.dispose();
      clearTimeout(timer);
      resolve(saved);
    };
    const subscription = vscode.workspace.onDidSaveTextDocument((saved) => {
      if (saved === document && !document.isDirty) done(true);
    });
    const timer = setTimeout(() => done(!document.isDirty), OTHER_SAVE_WAIT_MS);
  });
}

function asUri(value: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? vscode.Uri.parse(value) : value;
}

async function pickFunction(
  document: vscode.TextDocument,
  sites: FoundFunction[],
  why: string,
): Promise<FoundFunction | undefined> {
  const picked = await vscode.window.showQuickPick(
    sites.map((site) => ({
      label: `$(symbol-${site.kind === 'function' || site.kind === 'arrow' ? 'function' : 'method'}) ${
        site.displayName
      }`,
      description: [
        `line ${site.line}`,
        site.exported && 'exported',
        site.profileArgs && `@profileArgs ${site.profileArgs}`,
      ]
        .filter(Boolean)
        .join(' · '),
      site,
    })),
    {
      title: 'Profile serialization',
      placeHolder: `${why} Pick a function of ${vscode.workspace.asRelativePath(document.uri)}`,
    },
  );
  return picked?.site;
}

function showNoFunctions(uri: vscode.Uri): void {
  void vscode.window.showInformationMessage(
    `${vscode.workspace.asRelativePath(uri)} has no top-level function, exported const function or class method ` +
      'to profile.',
  );
}

export function registerCommands(s: CommandServices): vscode.Disposable[] {
  const runAndShow = async (target: ProfileTarget): Promise<void> => {
    try {
      await s.runner.run(target);
      s.panel.show(resultKey(target.uri, target.site.name));
    } catch (error) {
      await reportFailure(error, s.log, target);
    }
  };

  const profileAtCursor = async (args: ProfileCommandArgs = {}): Promise<void> => {
    if (!(await requireTrust())) return;
    const editor = vscode.window.activeTextEditor;
    const uri = asUri(args.uri) ?? editor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage(
        'Open a JavaScript, TypeScript or Python file to profile one of its functions.',
      );
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (!isProfilable(document)) {
      void vscode.window.showInformationMessage(
        'Serialization Profiler profiles JavaScript, TypeScript and Python files on disk; ' +
          `${vscode.workspace.asRelativePath(uri)} is ${document.languageId}.`,
      );
      return;
    }
    let site = args.functionName
      ? await s.index.find(document, args.functionName)
      : editor && editor.document === document
        ? await s.index.siteAt(document, editor.selection.active)
        : undefined;
    if (!site && args.functionName) {
      void vscode.window.showErrorMessage(
        `No profilable function named ${args.functionName} in ${vscode.workspace.asRelativePath(uri)}.`,
      );
      return;
    }
    if (!site) {
      const sites = await s.index.sites(document);
      if (sites.length === 0) {
        showNoFunctions(uri);
        return;
      }
      site = await pickFunction(document, sites, 'The cursor is not in a function.');
      if (!site) return;
    }
    const argsExpression = args.argsExpression ?? (await askArgs(site, document, s.memory, s.client, args.argsPrefill));
    if (argsExpression === undefined) return;
    if (!(await saveFirst(document))) return;
    await runAndShow({ uri, site, argsExpression });
  };

  const profileAll = async (): Promise<void> => {
    if (!(await requireTrust())) return;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isProfilable(document)) {
      void vscode.window.showInformationMessage(
        'Open a JavaScript, TypeScript or Python file to profile its functions.',
      );
      return;
    }
    const sites = await s.index.sites(document);
    if (sites.length === 0) {
      showNoFunctions(document.uri);
      return;
    }
    if (!(await saveFirst(document))) return;
    let last: string | undefined;
    for (const site of sites) {
      const argsExpression = site.profileArgs ?? s.memory.get(document.uri, site.name) ?? '';
      try {
        await s.runner.run({ uri: document.uri, site, argsExpression });
        last = resultKey(document.uri, site.name);
      } catch (error) {
        await reportFailure(error, s.log, { uri: document.uri, site, argsExpression });
        if (error instanceof HostRequestError && error.failure.reason === 'cancelled') break;
      }
    }
    if (last) s.panel.show(last);
  };

  const rerunLast = async (): Promise<void> => {
    if (!(await requireTrust())) return;
    const target = s.runner.lastTarget;
    if (!target) {
      void vscode.window.showInformationMessage(
        'Nothing profiled yet in this session. Use a “Profile serialization” lens first.',
      );
      return;
    }
    if (!(await saveFirst(await vscode.workspace.openTextDocument(target.uri)))) return;
    await runAndShow(target);
  };

  const chooseModes = async (): Promise<void> => {
    const python = vscode.window.activeTextEditor?.document.languageId === 'python';
    const current = readRunSettings(undefined, python ? 'python' : 'javascript').modes;
    const offered = python ? [...new Set([...PYTHON_MODES, ...current])] : [...PICKLER_MODES];
    const picked = await vscode.window.showQuickPick(
      offered.map((mode) => ({ label: mode, picked: current.includes(mode) })),
      {
        title: python ? 'loky pickler modes to profile Python functions under' : 'Pickler modes to profile',
        canPickMany: true,
        placeHolder: python
          ? 'Other pickler modules: add their names to the serializationProfiler.pythonModes setting'
          : 'Each run measures the function under every chosen mode',
      },
    );
    if (!picked) return;
    if (picked.length === 0) {
      void vscode.window.showWarningMessage('Choose at least one pickler mode; the modes were left unchanged.');
      return;
    }
    const target = vscode.workspace.workspaceFolders
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION).update(
      python ? 'pythonModes' : 'modes',
      picked.map((p) => p.label),
      target,
    );
  };

  const restartHost = async (): Promise<void> => {
    if (!(await requireTrust())) return;
    try {
      const pid = await s.client.restart();
      void vscode.window.showInformationMessage(`Serialization Profiler worker host restarted (pid ${pid}).`);
    } catch (error) {
      await reportFailure(error, s.log);
    }
  };

  return [
    vscode.commands.registerCommand('serializationProfiler.profileFunctionAtCursor', profileAtCursor),
    vscode.commands.registerCommand('serializationProfiler.profileAllFunctionsInFile', profileAll),
    vscode.commands.registerCommand('serializationProfiler.rerunLast', rerunLast),
    vscode.commands.registerCommand('serializationProfiler.chooseModes', chooseModes),
    vscode.commands.registerCommand('serializationProfiler.showResults', (args?: { key?: string }) =>
      s.panel.show(args?.key, false),
    ),
    vscode.commands.registerCommand('serializationProfiler.restartWorkerHost', restartHost),
    vscode.commands.registerCommand('serializationProfiler.showLog', () => s.log.show()),
    vscode.commands.registerCommand('serializationProfiler.clearDiagnostics', async () => {
      s.diagnostics.clear();
      await s.clearRecordedProblems();
    }),
  ];
}
