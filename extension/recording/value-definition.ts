import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { TraceSite } from '../../shared/traffic/trace-report';
import { sourceAnalysis } from './load-source-analysis';
import { traceUri } from './traffic-diagnostics';

/** The text of a file: the editor's when it is open (maybe unsaved), else the disk's, without opening a document. */
async function sourceText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : readFile(uri.fsPath, 'utf8');
}

/** Where the value at `path` of a site's message is declared, when the send call names it plainly. */
export async function valueDefinition(site: TraceSite, path: string): Promise<vscode.Location | undefined> {
  const uri = traceUri(site);
  const { declaratorOf, lineOf, parseSource, sendCallAt, valueAt } = sourceAnalysis();
  const source = parseSource(await sourceText(uri), uri.fsPath);
  const send = source && sendCallAt(source, site.line, site.column);
  const message = send?.call.arguments[0];
  if (!source || !send || !message || message.type === 'SpreadElement') return undefined;
  const value = valueAt(source, message, path);
  const declared = value && declaratorOf(source, value.root, send.call.start);
  if (!declared) return undefined;
  const offset = declared.declarator.id.start;
  const line = lineOf(source, offset);
  return new vscode.Location(uri, new vscode.Position(line, offset - source.lineStarts[line]));
}
