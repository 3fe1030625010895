import * as vscode from 'vscode';

const USER_CODE = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,json}';

/**
 * Node keeps a module it has imported for the life of the process, so a worker host that has loaded the
 * user's code would keep profiling the old version after an edit. This tracks whether code changed since the
 * host last loaded any, so the runner can start a fresh host first.
 */
export class CodeFreshness implements vscode.Disposable {
  private loaded = false;
  private changedSinceLoad = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(USER_CODE);
    const changed = () => {
      if (this.loaded) this.changedSinceLoad = true;
    };
    this.subscriptions = [
      watcher,
      watcher.onDidChange(changed),
      watcher.onDidCreate(changed),
      watcher.onDidDelete(changed),
      vscode.workspace.onDidSaveTextDocument(changed),
    ];
  }

  /** The host is about to load user code. */
  markLoaded(): void {
    this.loaded = true;
  }

  /** Whether the host holds code older than what is on disk. */
  get stale(): boolean {
    return this.changedSinceLoad;
  }

  /** A fresh host holds no user code. */
  reset(): void {
    this.loaded = false;
    this.changedSinceLoad = false;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
