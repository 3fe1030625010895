import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { pathLabel } from '../../shared/traffic/site-text';
import { siteKey, type TraceFinding, type TraceSite } from '../../shared/traffic/trace-report';
import { sourceAnalysis } from './load-source-analysis';
import type { ParsedSource } from './send-syntax';
import { TRAFFIC_SOURCE, type TrafficDiagnostics } from './traffic-diagnostics';
import type { WorkerDataRefusal } from './worker-data-fix';
import { refusalText, workerDataTitle } from './worker-data-text';

export const EXPLAIN_FINDING_COMMAND = 'serializationProfiler.explainTrafficFinding';

/** What the explanation command receives: the site and the finding, as data. */
export interface ExplainArgs {
  site: string;
  kind: string;
  path: string;
  workerLine?: number;
}

function at(document: vscode.TextDocument, offset: number): vscode.Position {
  return document.positionAt(offset);
}

/** Quick fixes for recorded findings: only edits that are mechanical and keep the program's meaning. */
export class TrafficQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly diagnostics: TrafficDiagnostics) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    let source: ParsedSource | undefined | null = null;
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== TRAFFIC_SOURCE) continue;
      const fact = this.diagnostics.factOf(diagnostic);
      if (fact?.type !== 'finding') continue;
      if (source === null) source = sourceAnalysis().parseSource(document.getText(), document.fileName);
      const action =
        fact.finding.kind === 'repeated-large-value'
          ? await workerDataFix(document, source, fact.site, fact.finding)
          : this.fixFor(document, source, fact.site, fact.finding);
      if (action) {
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    return actions;
  }

  private fixFor(
    document: vscode.TextDocument,
    source: ParsedSource | undefined,
    site: TraceSite,
    finding: TraceFinding,
  ): vscode.CodeAction | undefined {
    const { forkEdit, lineOf, sendCallAt, transferEdit } = sourceAnalysis();
    switch (finding.kind) {
      case 'transferable-copied': {
        const send = source && sendCallAt(source, site.line, site.column);
        const edit = source && send ? transferEdit(source, send, finding.path) : undefined;
        if (!edit) return explain(site, finding, 'Explain: when a buffer can be transferred');
        const action = new vscode.CodeAction(
          `Transfer \`${edit.transferred}\` instead of copying it (the sender no longer reads it)`,
          vscode.CodeActionKind.QuickFix,
        );
        action.edit = new vscode.WorkspaceEdit();
        action.edit.insert(document.uri, at(document, edit.insert.offset), edit.insert.text);
        action.isPreferred = true;
        return action;
      }
      case 'json-changed-value': {
        const edit = source ? forkEdit(source, (offset) => lineOf(source, offset)) : undefined;
        if (!edit || !site.channel.startsWith('ChildProcess'))
          return explain(site, finding, 'Explain: what the JSON channel changes');
        const action = new vscode.CodeAction(
          `Fork with serialization: 'advanced' (line ${edit.line}) so ${pathLabel(finding.path)} arrives as sent`,
          vscode.CodeActionKind.QuickFix,
        );
        action.edit = new vscode.WorkspaceEdit();
        if (edit.replace)
          action.edit.replace(
            document.uri,
            new vscode.Range(at(document, edit.replace.start), at(document, edit.replace.end)),
            edit.replace.text,
          );
        else action.edit.insert(document.uri, at(document, edit.insert.offset), edit.insert.text);
        return action;
      }
      default:
        return explain(site, finding, `Explain: ${finding.kind}`);
    }
  }
}

function explain(site: TraceSite, finding: TraceFinding, title: string, workerLine?: number): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  const args: ExplainArgs = {
    site: siteKey(site),
    kind: finding.kind,
    path: finding.path,
    ...(workerLine !== undefined && { workerLine }),
  };
  action.command = { title, command: EXPLAIN_FINDING_COMMAND, arguments: [args] };
  return action;
}

/** The worker file's text: the editor's when it is open (maybe unsaved), else the disk's. */
async function textOf(path: string): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
  return open ? open.getText() : readFile(path, 'utf8');
}

/** Why the worker side refuses, or undefined when the worker file provably never reads the value from a message. */
async function workerSideRefusal(document: vscode.TextDocument, workerFile: string, key: string) {
  const { checkWorkerSide, parseSource } = sourceAnalysis();
  const path = fileURLToPath(new URL(workerFile, pathToFileURL(document.fileName)));
  const name = basename(path);
  const text = await textOf(path).catch(() => undefined);
  const worker = text === undefined ? undefined : parseSource(text, path);
  return worker ? checkWorkerSide(worker, key, name) : ({ why: 'worker-file-unreadable', file: name } as const);
}

/** A large value re-sent with every message: moved into workerData where that is provably the same program. */
async function workerDataFix(
  document: vscode.TextDocument,
  source: ParsedSource | undefined,
  site: TraceSite,
  finding: TraceFinding,
): Promise<vscode.CodeAction> {
  const { planWorkerData, sendCallAt, workerConstructorLine } = sourceAnalysis();
  const send = source && sendCallAt(source, site.line, site.column);
  const planned = source && send ? planWorkerData(source, send, finding.path) : undefined;
  let refusal: WorkerDataRefusal | undefined = planned && 'refused' in planned ? planned.refused : undefined;
  if (planned && 'plan' in planned) {
    const { plan } = planned;
    refusal = await workerSideRefusal(document, plan.workerFile, plan.key);
    if (!refusal) {
      const action = new vscode.CodeAction(
        workerDataTitle(plan, basename(plan.workerFile)),
        vscode.CodeActionKind.QuickFix,
      );
      action.edit = new vscode.WorkspaceEdit();
      for (const edit of plan.edits)
        action.edit.replace(
          document.uri,
          new vscode.Range(at(document, edit.start), at(document, edit.end)),
          edit.text,
        );
      return action;
    }
  }
  const workerLine = source ? workerConstructorLine(source) : undefined;
  const why = refusal && refusalText(refusal, finding.path);
  const title = workerLine
    ? `Explain: send ${pathLabel(finding.path)} once in workerData (the Worker is created on line ${workerLine})`
    : `Explain: send ${pathLabel(finding.path)} once instead of with every message`;
  return explain(site, finding, why ? `${title}; not changed for you: ${why}` : title, workerLine);
}
