import * as vscode from 'vscode';
import { failureSummary } from '../../shared/failure-text';
import { shortKind } from '../../shared/format';
import type { FoundFunction } from '../../shared/functions';
import type { ModeResult, ProfileReport, SourceLocation } from '../../shared/report';
import { nameRange } from '../function-index';
import { groupFailures } from '../../shared/failure-groups';
import { diagnosticKey, isTheFunction, NOT_THE_CODE, type ProblemRecord } from './problem-record';

export const DIAGNOSTIC_SOURCE = 'Serialization Profiler';

export function locationUri(location: SourceLocation): vscode.Uri {
  return location.file.startsWith('file:') ? vscode.Uri.parse(location.file) : vscode.Uri.file(location.file);
}

function position(location: SourceLocation): vscode.Position {
  return new vscode.Position(Math.max(0, location.line - 1), Math.max(0, location.column - 1));
}

/** One Problem for the modes that failed the same way: it names the function (or the value), lists the modes. */
function diagnosticFor(
  uri: vscode.Uri,
  site: FoundFunction,
  results: ModeResult[],
): { diagnostic: vscode.Diagnostic; record: ProblemRecord } {
  const [first] = results;
  const error = first.error!;
  const modes = results.map((r) => r.mode);
  const roots = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const record: ProblemRecord = {
    functionName: site.name,
    displayName: site.displayName,
    kind: error.kind,
    modes,
    ...(error.path !== undefined && { path: error.path }),
    ...(error.location && { location: error.location }),
  };
  const subject = isTheFunction(record) ? site.displayName : `${site.displayName}'s argument \`${record.path}\``;
  const hint = error.hint ? `\nHint: ${error.hint}` : '';
  const message = `${subject} fails under ${modes.join(', ')}: ${failureSummary(error, roots)}${hint}`;
  const diagnostic = new vscode.Diagnostic(nameRange(site), message, vscode.DiagnosticSeverity.Warning);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = error.kind;
  const where = error.location
    ? new vscode.Location(locationUri(error.location), position(error.location))
    : new vscode.Location(uri, nameRange(site));
  const what = isTheFunction(record) ? site.displayName : `\`${record.path}\``;
  diagnostic.relatedInformation = [
    new vscode.DiagnosticRelatedInformation(where, `${what} is defined here`),
    ...results.map((r) => new vscode.DiagnosticRelatedInformation(where, `${r.mode}: ${shortKind(error.kind)}`)),
  ];
  return { diagnostic, record };
}

/** The failing modes of each function's last run, as one Problem per root cause on the function's name. */
export class ProfilerDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('serializationProfiler');
  private readonly byFile = new Map<string, Map<string, vscode.Diagnostic[]>>();
  private readonly records = new Map<string, ProblemRecord>();

  update(uri: vscode.Uri, site: FoundFunction, report: ProfileReport): void {
    const functions = this.byFile.get(uri.toString()) ?? new Map<string, vscode.Diagnostic[]>();
    const causes = groupFailures(report.results).filter((group) => !NOT_THE_CODE.has(group.error.kind));
    const diagnostics = causes.map(({ results }) => {
      const { diagnostic, record } = diagnosticFor(uri, site, results);
      this.records.set(diagnosticKey(diagnostic), record);
      return diagnostic;
    });
    for (const stale of functions.get(site.name) ?? []) this.records.delete(diagnosticKey(stale));
    functions.set(site.name, diagnostics);
    this.byFile.set(uri.toString(), functions);
    this.publish(uri);
  }

  /** The facts behind one of this collection's diagnostics (or a copy of it). */
  recordOf(diagnostic: vscode.Diagnostic): ProblemRecord | undefined {
    return diagnostic.source === DIAGNOSTIC_SOURCE ? this.records.get(diagnosticKey(diagnostic)) : undefined;
  }

  clear(uri?: vscode.Uri): void {
    if (uri) {
      const functions = this.byFile.get(uri.toString());
      if (!functions) return;
      for (const diagnostic of [...functions.values()].flat()) this.records.delete(diagnosticKey(diagnostic));
      this.byFile.delete(uri.toString());
      this.collection.delete(uri);
    } else {
      this.byFile.clear();
      this.records.clear();
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
