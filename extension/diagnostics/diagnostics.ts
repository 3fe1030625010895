import * as vscode from 'vscode';
import type { FoundFunction } from '../../worker-host/functions/find-functions';
import type { ModeResult, ProfileReport, SourceLocation } from '../../worker-host/protocol/report';
import { failureSummary } from '../../webview/failure-text';
import { nameRange } from '../function-index';

export const DIAGNOSTIC_SOURCE = 'Serialization Profiler';

/** Failures that say nothing about the user's code. */
const NOT_THE_CODE = new Set(['cancelled', 'shutdown']);

export function locationUri(location: SourceLocation): vscode.Uri {
  return location.file.startsWith('file:') ? vscode.Uri.parse(location.file) : vscode.Uri.file(location.file);
}

/** The value path a profiler Problem's related information names (`fn` when the function itself failed), read back from the text written below. */
export function failedValuePath(diagnostic: vscode.Diagnostic): string | undefined {
  return /^`([^`]+)`/.exec(diagnostic.relatedInformation?.[0]?.message ?? '')?.[1];
}

function diagnosticFor(site: FoundFunction, result: ModeResult): vscode.Diagnostic {
  const error = result.error;
  const roots = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const summary = error ? failureSummary(error, roots) : 'the run failed';
  const message = `${site.displayName} fails under ${result.mode}: ${summary}${error?.hint ? `\nHint: ${error.hint}` : ''}`;
  const diagnostic = new vscode.Diagnostic(nameRange(site), message, vscode.DiagnosticSeverity.Warning);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  if (error) diagnostic.code = error.kind;
  if (error?.location) {
    const { line, column } = error.location;
    const where = new vscode.Location(locationUri(error.location), new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1)));
    diagnostic.relatedInformation = [
      new vscode.DiagnosticRelatedInformation(where, `${error.path ? `\`${error.path}\`` : 'The value'} that failed under ${result.mode} is defined here`),
    ];
  }
  return diagnostic;
}

/** The failing modes of each function's last run, as Problems on the function's name. */
export class ProfilerDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('serializationProfiler');
  private readonly byFile = new Map<string, Map<string, vscode.Diagnostic[]>>();

  update(uri: vscode.Uri, site: FoundFunction, report: ProfileReport): void {
    const functions = this.byFile.get(uri.toString()) ?? new Map<string, vscode.Diagnostic[]>();
    const failed = report.results.filter((r) => r.status === 'error' && !NOT_THE_CODE.has(r.error?.kind ?? ''));
    functions.set(site.name, failed.map((r) => diagnosticFor(site, r)));
    this.byFile.set(uri.toString(), functions);
    this.publish(uri);
  }

  clear(uri?: vscode.Uri): void {
    if (uri) {
      if (!this.byFile.delete(uri.toString())) return;
      this.collection.delete(uri);
    } else {
      this.byFile.clear();
      this.collection.clear();
    }
    this.updateContext();
  }

  has(uri: vscode.Uri): boolean {
    return this.byFile.has(uri.toString());
  }

  private publish(uri: vscode.Uri): void {
    const all = [...(this.byFile.get(uri.toString())?.values() ?? [])].flat();
    this.collection.set(uri, all);
    this.updateContext();
  }

  private updateContext(): void {
    let any = false;
    this.collection.forEach((_uri, diagnostics) => (any ||= diagnostics.length > 0));
    void vscode.commands.executeCommand('setContext', 'serializationProfiler.hasDiagnostics', any);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
