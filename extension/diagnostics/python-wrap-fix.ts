import * as vscode from 'vscode';
import type { FoundFunction } from '../../shared/functions';
import type { PythonRunInfo } from '../../shared/report';
import type { WorkerHostClient } from '../host/host-client';

/** Which loky the file's last run used; without a run, the one the file imports, else joblib's copy. */
export function lokyOf(document: vscode.TextDocument, info: PythonRunInfo | undefined): PythonRunInfo['loky'] {
  if (info) return info.loky;
  return /^\s*(?:from\s+loky\b|import\s+loky\b)/m.test(document.getText()) ? 'loky' : 'joblib.externals.loky';
}

/** Decorates a top-level Python function with loky's `@wrap_non_picklable_objects` (and imports it). */
export async function pythonWrapFix(
  host: WorkerHostClient,
  document: vscode.TextDocument,
  site: FoundFunction,
  loky: PythonRunInfo['loky'],
  diagnostic: vscode.Diagnostic,
): Promise<vscode.CodeAction | undefined> {
  const inserts = await host.request('pythonWrapEdit', { source: document.getText(), site, loky }).result;
  if (inserts.length === 0) return undefined;
  const edit = new vscode.WorkspaceEdit();
  for (const insert of inserts) edit.insert(document.uri, new vscode.Position(insert.line - 1, 0), insert.text);
  const action = new vscode.CodeAction(
    `Wrap \`${site.displayName}\` with wrap_non_picklable_objects`,
    vscode.CodeActionKind.QuickFix,
  );
  action.edit = edit;
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  return action;
}
