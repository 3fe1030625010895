import * as vscode from 'vscode';
import type { FoundFunction } from '../../shared/functions';
import type { FunctionIndex } from '../function-index';
import { locationUri } from './diagnostics';
import { isTheFunction, type ProblemRecord } from './problem-record';

const PACKAGE = 'serialization-profiler';

function importEdit(
  document: vscode.TextDocument,
  commonJs: boolean,
): { position: vscode.Position; text: string } | undefined {
  const text = document.getText();
  if (/\bwrapNonPicklable\b/.test(text.replace(/\/\/.*$/gm, '')) && new RegExp(`['"]${PACKAGE}['"]`).test(text))
    return undefined;
  const statement = commonJs
    ? `const { wrapNonPicklable } = require('${PACKAGE}');\n`
    : `import { wrapNonPicklable } from '${PACKAGE}';\n`;
  // After the last top-level import (or at the top, below comments and a shebang).
  let line = 0;
  for (let i = 0; i < document.lineCount; i++) {
    const current = document.lineAt(i).text;
    if (/^import\s|^const\s.*=\s*require\(/.test(current)) line = i + 1;
    else if (line === 0 && (/^\s*(\/\/|\/\*|\*|#!)/.test(current) || current.trim() === '')) continue;
    else if (line === 0) break;
  }
  return { position: new vscode.Position(line, 0), text: statement };
}

/**
 * Makes a function travel by value under by-reference picklers, as loky's `wrap_non_picklable_objects` does:
 * `function f() {…}` becomes `const f = wrapNonPicklable(function f() {…});`, `const f = () => …` becomes
 * `const f = wrapNonPicklable(() => …)`.
 */
export function wrapFix(
  document: vscode.TextDocument,
  site: FoundFunction,
  commonJs: boolean,
): vscode.WorkspaceEdit | undefined {
  if (site.kind === 'method' || site.kind === 'class-method') return undefined;
  const edit = new vscode.WorkspaceEdit();
  // First, so that at the same position the import lands above the wrapped declaration.
  const addImport = importEdit(document, commonJs);
  if (addImport) edit.insert(document.uri, addImport.position, addImport.text);
  const start = new vscode.Position(site.statementStart.line - 1, site.statementStart.column - 1);
  const end = new vscode.Position(site.end.line - 1, site.end.column - 1);
  const declaration = document.getText(new vscode.Range(start, end));
  if (site.kind === 'function' && /^(export\s+)?(async\s+)?function\b/.test(declaration)) {
    const exported = /^export\s+/.exec(declaration)?.[0] ?? '';
    edit.replace(
      document.uri,
      new vscode.Range(start, start.translate(0, exported.length)),
      `${exported}const ${site.name} = wrapNonPicklable(`,
    );
    edit.insert(document.uri, end, ');');
  } else {
    const equals = declaration.indexOf('=', declaration.indexOf(site.name) + site.name.length);
    if (equals < 0) return undefined;
    const initStart = document.positionAt(
      document.offsetAt(start) + equals + 1 + (/^\s*/.exec(declaration.slice(equals + 1))?.[0].length ?? 0),
    );
    const declarationEnd = document.positionAt(document.offsetAt(start) + declaration.replace(/;?\s*$/, '').length);
    edit.insert(document.uri, initStart, 'wrapNonPicklable(');
    edit.insert(document.uri, declarationEnd, ')');
  }
  return edit;
}

/** The function defined where the failing value is, when that value is inside the task's arguments. */
export async function wrapTarget(
  record: ProblemRecord,
  index: FunctionIndex,
): Promise<{ document: vscode.TextDocument; site: FoundFunction } | undefined> {
  if (isTheFunction(record) || !record.location) return undefined;
  const document = await vscode.workspace.openTextDocument(locationUri(record.location));
  const site = await index.siteAt(document, new vscode.Position(record.location.line - 1, record.location.column - 1));
  return site ? { document, site } : undefined;
}
