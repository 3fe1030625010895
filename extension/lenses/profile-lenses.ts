import * as vscode from 'vscode';
import { verdict } from '../../shared/format';
import { isProfilable, type FunctionIndex } from '../function-index';
import { resultKey, type ResultsStore } from '../profiling/results-store';
import { lensesEnabled, SECTION } from '../settings';

/** `$(pulse) Profile serialization` above each function and, after a run, its verdict. */
export class ProfileLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly index: FunctionIndex,
    private readonly store: ResultsStore,
  ) {
    this.subscriptions = [
      store.onDidChange(() => this.changed.fire()),
      store.onDidInvalidate(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SECTION) && this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!lensesEnabled()) return [];
    // In Restricted Mode nothing of ours runs, not even the worker host's parsers: one lens at the top says why.
    if (!vscode.workspace.isTrusted) {
      if (!isProfilable(document)) return [];
      return [
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
          title: '$(shield) Profiling needs a trusted workspace',
          tooltip: 'Profiling runs this workspace’s code in worker processes. Click to manage workspace trust.',
          command: 'workbench.trust.manage',
        }),
      ];
    }
    const lenses: vscode.CodeLens[] = [];
    for (const site of await this.index.sites(document)) {
      const range = new vscode.Range(site.line - 1, site.column - 1, site.line - 1, site.column - 1);
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(pulse) Profile serialization',
          tooltip:
            `Measure what it costs to send ${site.displayName} and its arguments to a worker ` +
            'under each pickler mode',
          command: 'serializationProfiler.profileFunctionAtCursor',
          arguments: [{ uri: document.uri, functionName: site.name }],
        }),
      );
      const report = this.store.current(document.uri, site.name);
      if (report) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: verdict(report),
            tooltip:
              `Last run ${new Date(report.startedAt).toLocaleTimeString()} with (${report.argsExpression}). ` +
              'Click to show the results.',
            command: 'serializationProfiler.showResults',
            arguments: [{ key: resultKey(document.uri, site.name) }],
          }),
        );
      }
    }
    return lenses;
  }

  /** Asks the editor for the lenses again (e.g. once a restarted worker host can list functions). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
