import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { resolveNodeRuntime } from '../host/node-runtime';
import { SECTION } from '../settings';
import { requireTrust } from '../trust';
import { loadTrace } from './load-trace';
import { RecordingRun, type RunOutcome } from './record-run';
import { chooseRecordTarget, type RecordCommandArgs } from './record-target';
import type { Recording, RecordingStore } from './recording-store';
import type { TrafficPanel } from './traffic-panel';

export interface RecordServices {
  store: RecordingStore;
  panel: TrafficPanel;
  log: vscode.LogOutputChannel;
  distUri: vscode.Uri;
  storageUri: vscode.Uri;
}

export interface RecordingHandle {
  run: RecordingRun;
  /** The recording the run produced, or why there is none. */
  done: Promise<{ outcome: RunOutcome; recording?: Recording }>;
}

/** While a run records: `$(record) Recording npm run start`; a click shows its terminal. */
class RecordingStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'serializationProfiler.recording',
    vscode.StatusBarAlignment.Left,
    11,
  );

  constructor(run: RecordingRun) {
    this.item.name = 'Serialization Profiler: recording';
    this.item.text = `$(record) Recording ${run.target.label}`;
    this.item.tooltip =
      'Serialization Profiler is recording this run. Click to show its terminal ' +
      '(Ctrl-C there stops it and keeps the report).';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.command = { title: 'Show terminal', command: 'serializationProfiler.showRecordingTerminal' };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

let active: RecordingRun | undefined;

export function showRecordingTerminal(): void {
  active?.terminal.show();
}

/** Reads a report file into the store (the Traffic view, lenses and Problems follow it). */
export async function openRecording(s: RecordServices, file: string, label?: string): Promise<Recording> {
  const { report, loadMs } = await loadTrace(file);
  return s.store.add({ label: label ?? basename(file), source: file, report, openedAt: Date.now(), loadMs });
}

/** Starts a recorded run with a cancellable progress notification; undefined when the user declined. */
export async function startRecording(
  s: RecordServices,
  args?: RecordCommandArgs,
): Promise<RecordingHandle | undefined> {
  if (!(await requireTrust())) return undefined;
  if (active) {
    void vscode.window.showWarningMessage(
      `A recording is running (${active.target.label}): ` +
        'stop it in its terminal with Ctrl-C, or cancel it in its notification.',
    );
    active.terminal.show();
    return undefined;
  }
  let target;
  try {
    target = await chooseRecordTarget(args);
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
    return undefined;
  }
  if (!target) return undefined;
  const problems: string[] = [];
  const runtime = await resolveNodeRuntime(
    vscode.workspace.getConfiguration(SECTION).get<string>('nodePath', ''),
    problems,
  );
  for (const problem of problems) s.log.warn(problem);
  const run = new RecordingRun(
    target,
    { nodePath: runtime.execPath, nodeEnv: runtime.env, cliPath: vscode.Uri.joinPath(s.distUri, 'cli.js').fsPath },
    s.log,
  );
  active = run;
  const status = new RecordingStatus(run);
  run.terminal.show(true);
  const done = Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Recording ${target.label}`, cancellable: true },
      async (progress, token) => {
        progress.report({
          message: 'Ctrl-C in its terminal stops it and keeps the report; Cancel ends it without one.',
        });
        const subscription = token.onCancellationRequested(() => void run.cancel());
        try {
          return await run.result;
        } finally {
          subscription.dispose();
        }
      },
    ),
  )
    .then(async (outcome) => finish(s, run, outcome))
    .finally(() => {
      status.dispose();
      if (active === run) active = undefined;
    });
  return { run, done };
}

async function finish(
  s: RecordServices,
  run: RecordingRun,
  outcome: RunOutcome,
): Promise<{ outcome: RunOutcome; recording?: Recording }> {
  s.log.info(`record: ${run.target.label} ended: ${outcome.status}, exit code ${outcome.exitCode ?? '—'}`);
  if (!outcome.reportFile) {
    if (outcome.status === 'cancelled')
      void vscode.window.showInformationMessage(
        `Recording of ${run.target.label} cancelled; every process of the run has ended.`,
      );
    else void vscode.window.showErrorMessage(`Recording ${run.target.label} failed: ${outcome.problem ?? 'no report'}`);
    run.dispose();
    return { outcome };
  }
  // The report outlives the run's temp folder, so the Traffic view can reopen it after a reload.
  const folder = vscode.Uri.joinPath(s.storageUri, 'recordings').fsPath;
  await mkdir(folder, { recursive: true });
  const kept = join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await copyFile(outcome.reportFile, kept);
  run.dispose();
  try {
    const recording = await openRecording(s, kept, run.target.label);
    s.panel.show();
    if (recording.report.sites.length === 0)
      void vscode.window.showInformationMessage(
        `${run.target.label} ran without sending anything to a worker: nothing to show.`,
      );
    return { outcome: { ...outcome, reportFile: kept }, recording };
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
    return { outcome };
  }
}

/**
 * *Open Trace…*: a saved `--out` file, shown as a fresh recording. Reading data runs no code, so it works in
 * Restricted Mode.
 */
export async function openTraceCommand(s: RecordServices, file?: vscode.Uri | string): Promise<Recording | undefined> {
  let path = typeof file === 'string' ? file : file?.fsPath;
  if (!path) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'Recording report': ['json'] },
      openLabel: 'Open Trace',
      title: 'Open a report written by serial-profile record --out',
    });
    path = picked?.[0]?.fsPath;
  }
  if (!path) return undefined;
  try {
    const recording = await openRecording(s, path);
    s.panel.show();
    return recording;
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
    return undefined;
  }
}
