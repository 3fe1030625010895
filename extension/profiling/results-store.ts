import * as vscode from 'vscode';
import type { FunctionSite } from '../../worker-host/protocol/functions';
import type { ProfileReport } from '../../worker-host/protocol/report';
import { MAX_HISTORY, type PanelEntry } from '../../webview/messages';

export function resultKey(uri: vscode.Uri, functionName: string): string {
  return `${uri.toString()}#${functionName}`;
}

/** Every function's runs this session, newest first: what the panel, the lenses and the Problems show. */
export class ResultsStore implements vscode.Disposable {
  private entries: PanelEntry[] = [];
  private readonly changed = new vscode.EventEmitter<PanelEntry>();
  readonly onDidChange = this.changed.event;

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
  }
}
