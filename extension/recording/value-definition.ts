import * as vscode from 'vscode';
import type { TraceSite } from '../../webview/traffic/trace-report';
import { declaratorOf, parseSource, sendCallAt, valueAt } from './send-syntax';
import { traceUri } from './traffic-diagnostics';

/** Where the value at `path` of a site's message is declared, when the send call names it plainly. */
export async function valueDefinition(site: TraceSite, path: string): Promise<vscode.Location | undefined> {
  const document = await vscode.workspace.openTextDocument(traceUri(site));
  const source = parseSource(document.getText());
  const send = source && sendCallAt(source, site.line, site.column);
  const message = send?.call.arguments[0];
  if (!source || !send || !message || message.type === 'SpreadElement') return undefined;
  const value = valueAt(source, message, path);
  const declared = value && declaratorOf(source, value.root, send.call.start);
  if (!declared) return undefined;
  return new vscode.Location(document.uri, document.positionAt(declared.declarator.id.start));
}
