import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { workspaceUri } from './helpers';

export const TRAFFIC_SOURCE = 'Serialization Profiler (recorded)';

export interface RecordSummary {
  status: string;
  exitCode: number | null;
  sites?: number;
}

/** Records a command line (or, with `npmScript`, an npm script) in the workspace's recording/ folder. */
export async function recordIn(args: { npmScript: string } | { command: string[] }): Promise<RecordSummary> {
  const summary = await vscode.commands.executeCommand<RecordSummary | undefined>(
    'serializationProfiler.recordTraffic',
    { ...args, cwd: workspaceUri('recording').fsPath },
  );
  assert.ok(summary, 'the record command returned nothing');
  return summary;
}

export function problems(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === TRAFFIC_SOURCE);
}

/** The send-site lenses of a file, by 1-based line. */
export async function lensTitles(uri: vscode.Uri): Promise<Map<number, string>> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  const titles = new Map<number, string>();
  for (const lens of lenses) {
    const title = lens.command?.title ?? '';
    if (/ messages? · |nothing sent/.test(title)) titles.set(lens.range.start.line + 1, title);
  }
  return titles;
}

/** The recording's quick fixes for one of its Problems, as the editor's light bulb asks for them. */
export async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions.filter(
    (a) => a.diagnostics?.some((d) => d.source === TRAFFIC_SOURCE) || /^(Transfer|Fork|Explain|Send)\b/.test(a.title),
  );
}

export function problemOf(uri: vscode.Uri, kind: string): vscode.Diagnostic {
  const diagnostic = problems(uri).find((d) => d.code === kind);
  assert.ok(diagnostic, `no ${kind} Problem in ${uri.fsPath}`);
  return diagnostic;
}
