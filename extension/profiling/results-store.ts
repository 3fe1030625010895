import * as vscode from 'vscode';
import type { FunctionSite } from '../../shared/functions';
import type { ProfileReport } from '../../shared/report';
import { MAX_HISTORY, type PanelEntry } from '../../shared/panel-messages';

export function resultKey(uri: vscode.Uri, functionName: string): string {
  return `${uri.toString()}#${functionName}`;
}

/** Every function's runs this session, newest first: what the panel, the lenses and the Problems show. */
export class ResultsStore implements vscode.Disposable {
  private entries: PanelEntry[] = [];
  private readonly changed = new vscode.EventEmitter<PanelEntry>();
  readonly onDidChange = this.changed.event;
  private readonly invalidated = new vscode.EventEmitter<vscode.Uri>();
  /** A file's runs went stale: it changed after them. */
  readonly onDidInvalidate = this.invalidated.event;

  add(uri: vscode.Uri, site: Pick<FunctionSite, 'name' | 'displayName'>, report: ProfileReport): PanelEntry {
    const key = resultKey(uri, site.name);
    const previous = this.entries.find((e) => e.key === key);
    const entry: PanelEntry = {
      key,
      file: uri.fsPath,
      functionName: site.name,
      displayName: site.displayName,
      reports: [report, ...(previous?.reports ?? [])].slice(0, MAX_HISTORY),
    };
    this.entries = [entry, ...this.entries.filter((e) => e.key !== key)];
    this.changed.fire(entry);
    return entry;
  }

  /** Marks the runs of a file stale once it changes: their verdicts no longer describe its code. */
  markStale(uri: vscode.Uri): void {
    let changed = false;
    this.entries = this.entries.map((entry) => {
      if (entry.file !== uri.fsPath || entry.stale) return entry;
      changed = true;
      return { ...entry, stale: true };
    });
    if (changed) this.invalidated.fire(uri);
  }

  /** The latest report of a function, unless its file changed since. */
  current(uri: vscode.Uri, functionName: string): ProfileReport | undefined {
    const entry = this.get(resultKey(uri, functionName));
    return entry && !entry.stale ? entry.reports[0] : undefined;
  }

  /** Entries restored from a reloaded panel, for functions not profiled since. */
  restore(entries: PanelEntry[]): void {
    const known = new Set(this.entries.map((e) => e.key));
    this.entries = [...this.entries, ...entries.filter((e) => !known.has(e.key))];
  }

  all(): PanelEntry[] {
    return this.entries;
  }

  get(key: string): PanelEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  latest(uri: vscode.Uri, functionName: string): ProfileReport | undefined {
    return this.get(resultKey(uri, functionName))?.reports[0];
  }

  dispose(): void {
    this.changed.dispose();
    this.invalidated.dispose();
  }
}
