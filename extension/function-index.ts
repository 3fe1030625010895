import * as vscode from 'vscode';
import { findFunctions, type FoundFunction } from '../worker-host/functions/find-functions';
import type { FunctionSite } from '../worker-host/protocol/functions';
import { findPythonFunctions } from '../worker-host/python/functions';

export const PROFILABLE_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python'];

/** Python sites carry only their name's position: a function runs until the next site or the end of the file. */
function withPythonSpans(sites: FunctionSite[], lineCount: number): FoundFunction[] {
  const sorted = [...sites].sort((a, b) => a.line - b.line);
  return sorted.map((site, i) => ({
    ...site,
    statementStart: { line: site.line, column: 1 },
    end: { line: Math.max(site.line, (sorted[i + 1]?.line ?? lineCount + 1) - 1), column: 1 },
  }));
}

export function isProfilable(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && PROFILABLE_LANGUAGES.includes(document.languageId);
}

/** The profilable functions of open documents, parsed (never run) once per document version. */
export class FunctionIndex {
  private readonly cache = new Map<string, { version: number; sites: FoundFunction[] }>();

  sites(document: vscode.TextDocument): FoundFunction[] {
    if (!isProfilable(document)) return [];
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached?.version === document.version) return cached.sites;
    const sites =
      document.languageId === 'python'
        ? withPythonSpans(findPythonFunctions(document.getText()), document.lineCount)
        : findFunctions(document.getText(), document.fileName);
    this.cache.set(key, { version: document.version, sites });
    return sites;
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }

  find(document: vscode.TextDocument, name: string): FoundFunction | undefined {
    return this.sites(document).find((s) => s.name === name || s.displayName === name);
  }

  /** The innermost function whose declaration contains the position. */
  siteAt(document: vscode.TextDocument, position: vscode.Position): FoundFunction | undefined {
    let best: FoundFunction | undefined;
    for (const site of this.sites(document)) {
      const range = new vscode.Range(site.statementStart.line - 1, 0, site.end.line - 1, Math.max(site.end.column - 1, document.lineAt(site.end.line - 1).text.length));
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
