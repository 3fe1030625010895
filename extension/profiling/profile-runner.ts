import * as vscode from 'vscode';
import { isPythonFile } from '../../shared/languages';
import type { FunctionSite } from '../../shared/functions';
import type { ProfileProgress, ProfileReport, ProfileRequest } from '../../shared/report';
import { HostRequestError, type HostCall, type WorkerHostClient } from '../host/host-client';
import { pythonPathFor } from '../python/interpreter';
import { readRunSettings, type RunSettings } from '../settings';
import type { ResultsStore } from './results-store';
import type { ProfilerStatusBar } from './status-bar';

export interface ProfileTarget {
  uri: vscode.Uri;
  site: Pick<FunctionSite, 'name' | 'displayName'>;
  argsExpression: string;
}

export interface ProfileRun extends HostCall<ProfileReport> {
  cancel(): void;
}

function progressText(p: ProfileProgress): string {
  const stage = p.stage === 'warmup' ? 'warming up' : p.stage === 'measure' ? `round ${p.round}/${p.rounds}` : p.stage;
  return `${p.mode} (${p.modeIndex + 1}/${p.modeCount}) · ${stage}`;
}

/** Sends profile requests to the worker host, reports progress, and records the reports. */
export class ProfileRunner {
  private readonly completed = new vscode.EventEmitter<{ target: ProfileTarget; report: ProfileReport }>();
  readonly onDidComplete = this.completed.event;
  lastTarget: ProfileTarget | undefined;

  constructor(
    private readonly client: WorkerHostClient,
    private readonly store: ResultsStore,
    private readonly statusBar: ProfilerStatusBar,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * The request for a target: its file's settings (Python files: Python modes, context and interpreter), then the
   * overrides.
   */
  async requestFor(target: ProfileTarget, overrides: Partial<RunSettings> = {}): Promise<ProfileRequest> {
    const python = isPythonFile(target.uri.fsPath);
    const request: ProfileRequest = {
      file: target.uri.fsPath,
      functionName: target.site.name,
      argsExpression: target.argsExpression,
      ...readRunSettings(target.uri, python ? 'python' : 'javascript'),
      ...overrides,
    };
    if (python) {
      const pythonPath = await pythonPathFor(target.uri, this.log);
      if (pythonPath) request.pythonPath = pythonPath;
    }
    return request;
  }

  /** Starts a run without any UI: the building block of `run` and of the test API. */
  start(target: ProfileTarget, request: ProfileRequest, onProgress?: (p: ProfileProgress) => void): ProfileRun {
    this.lastTarget = target;
    void vscode.commands.executeCommand('setContext', 'serializationProfiler.hasLastRun', true);
    this.log.info(
      `Profiling ${target.site.displayName}(${target.argsExpression}) in ${request.file} ` +
        `under ${request.modes.join(', ')}${request.pythonPath ? ` with ${request.pythonPath}` : ''}`,
    );
    const call = this.client.request('profile', request, onProgress);
    this.statusBar.begin(call.id, target.site.displayName);
    const result = call.result.then(
      (report) => {
        this.log.info(
          `Profiled ${target.site.displayName}: ` +
            report.results.map((r) => `${r.mode} ${r.status}${r.error ? ` (${r.error.kind})` : ''}`).join(', '),
        );
        this.store.add(target.uri, target.site, report);
        this.completed.fire({ target, report });
        return report;
      },
      (error: unknown) => {
        this.log.warn(
          `Profiling ${target.site.displayName} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        throw error;
      },
    );
    result.then(
      () => this.statusBar.end(call.id),
      () => this.statusBar.end(call.id),
    );
    return { id: call.id, result, cancel: () => this.client.cancel(call.id) };
  }

  /** A run with a progress notification that has Cancel. */
  run(target: ProfileTarget, overrides: Partial<RunSettings> = {}): Promise<ProfileReport> {
    return Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Profiling ${target.site.displayName}`,
          cancellable: true,
        },
        async (progress, token) => {
          let lastMode = -1;
          const request = await this.requestFor(target, overrides);
          if (token.isCancellationRequested)
            throw new HostRequestError({ reason: 'cancelled', message: 'Profiling was cancelled.' });
          const run = this.start(target, request, (p) => {
            const increment = p.modeIndex !== lastMode && p.modeCount > 0 ? 100 / p.modeCount : undefined;
            lastMode = p.modeIndex;
            progress.report({ message: progressText(p), increment: lastMode > 0 ? increment : undefined });
          });
          token.onCancellationRequested(() => run.cancel());
          return run.result;
        },
      ),
    );
  }
}
