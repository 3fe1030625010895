import * as vscode from 'vscode';
import type { FoundFunction } from '../../shared/functions';

/** A top-level declaration the worker could import once it is exported. */
export interface Exportable {
  name: string;
  /** Where `export ` goes: the start of the declaring statement. */
  statementStart: vscode.Position;
  isClass: boolean;
}

export function isCommonJs(document: vscode.TextDocument): boolean {
  if (document.fileName.endsWith('.cjs') || document.fileName.endsWith('.cts')) return true;
  const text = document.getText();
  return !/^\s*(import|export)\s/m.test(text) && /\b(module\.exports|exports\.\w+)\s*=/.test(text);
}

/** The profiled function (or, for a method, its class). */
export function exportableSite(site: FoundFunction): Exportable | undefined {
  if (site.exported) return undefined;
  const isMethod = site.kind === 'method' || site.kind === 'class-method';
  return {
    name: isMethod ? site.displayName.split('.')[0] : site.name,
    statementStart: new vscode.Position(site.statementStart.line - 1, site.statementStart.column - 1),
    isClass: isMethod,
  };
}

const DECLARATION = /^(?:(?:async\s+)?function\*?\s+|class\s+|(?:const|let|var)\s+)([\p{L}_$][\p{L}\p{N}_$]*)/u;

/**
 * A top-level, unexported class, function or variable declared on the line of `position` (a failing value's
 * definition).
 */
export function exportableDeclarationAt(
  document: vscode.TextDocument,
  position: vscode.Position,
): Exportable | undefined {
  if (position.line >= document.lineCount) return undefined;
  const text = document.lineAt(position.line).text;
  const match = DECLARATION.exec(text);
  if (!match) return undefined;
  return { name: match[1], statementStart: new vscode.Position(position.line, 0), isClass: text.startsWith('class') };
}

export function exportFix(
  document: vscode.TextDocument,
  target: Exportable,
  diagnostic: vscode.Diagnostic,
): vscode.CodeAction {
  const action = new vscode.CodeAction(
    target.isClass ? `Export class \`${target.name}\`` : `Export \`${target.name}\``,
    vscode.CodeActionKind.QuickFix,
  );
  const edit = new vscode.WorkspaceEdit();
  if (isCommonJs(document)) {
    const end = document.lineAt(document.lineCount - 1).range.end;
    const newline = document.getText().endsWith('\n') ? '' : '\n';
    edit.insert(document.uri, end, `${newline}module.exports.${target.name} = ${target.name};\n`);
  } else {
    edit.insert(document.uri, target.statementStart, 'export ');
  }
  action.edit = edit;
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  return action;
}
