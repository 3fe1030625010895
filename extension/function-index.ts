import * as vscode from 'vscode';
import type { FoundFunction } from '../shared/functions';
import type { WorkerHostClient } from './host/host-client';

export const PROFILABLE_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python'];

export function isProfilable(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && PROFILABLE_LANGUAGES.includes(document.languageId);
}

/**
 * The profilable functions of open documents, as the worker host's parsers find them in the editor's text (never
 * run), once per document version. The parsers stay out of the editor's process.
 */
export class FunctionIndex {
  private readonly cache = new Map<string, { version: number; sites: Promise<FoundFunction[]> }>();

  constructor(
    private readonly host: WorkerHostClient,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  sites(document: vscode.TextDocument): Promise<FoundFunction[]> {
    // The worker host is a process of ours: in Restricted Mode none starts.
    if (!isProfilable(document) || !vscode.workspace.isTrusted) return Promise.resolve([]);
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached?.version === document.version) return cached.sites;
    const sites = this.host
      .request('listFunctions', { file: document.uri.fsPath, source: document.getText() })
      .result.catch((error: Error) => {
        this.log.warn(`Could not list the functions of ${document.uri.fsPath}: ${error.message}`);
        this.cache.delete(key);
        return [];
      });
    this.cache.set(key, { version: document.version, sites });
    return sites;
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }

  async find(document: vscode.TextDocument, name: string): Promise<FoundFunction | undefined> {
    return (await this.sites(document)).find((s) => s.name === name || s.displayName === name);
  }

  /** The innermost function whose declaration contains the position. */
  async siteAt(document: vscode.TextDocument, position: vscode.Position): Promise<FoundFunction | undefined> {
    let best: FoundFunction | undefined;
    for (const site of await this.sites(document)) {
      const endLine = Math.min(site.end.line - 1, document.lineCount - 1);
      const range = new vscode.Range(
        site.statementStart.line - 1,
        0,
        endLine,
        Math.max(site.end.column - 1, document.lineAt(endLine).text.length),
      );
      if (range.contains(position) && (!best || site.line >= best.line)) best = site;
    }
    return best;
  }
}

export function nameRange(site: FoundFunction): vscode.Range {
  const start = new vscode.Position(site.line - 1, site.column - 1);
  const shortName = site.displayName.split('.').pop() ?? site.displayName;
  return new vscode.Range(start, start.translate(0, shortName.length));
}
