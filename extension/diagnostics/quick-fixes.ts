import * as vscode from 'vscode';
import type { FoundFunction } from '../../worker-host/functions/find-functions';
import type { FunctionIndex } from '../function-index';
import type { ResultsStore } from '../profiling/results-store';
import { DIAGNOSTIC_SOURCE, failedValuePath } from './diagnostics';
import { lokyOf, pythonWrapFix } from './python-wrap-fix';
import { wrapFix, wrapTarget } from './wrap-fix';

/** Kinds where the worker could not reach the function by reference: exporting it fixes them. */
const REACHABILITY_KINDS = new Set(['task-deserialize', 'task-serialize']);

/**
 * The profiler's Problems a quick fix can help with, each with the value path its related information names
 * (`fn` when the function itself could not be sent).
 */
function* reachabilityProblems(context: vscode.CodeActionContext): Iterable<{ diagnostic: vscode.Diagnostic; path: string | undefined }> {
  for (const diagnostic of context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const kind = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');
    if (!REACHABILITY_KINDS.has(kind)) continue;
    yield { diagnostic, path: failedValuePath(diagnostic) };
  }
}

function isCommonJs(document: vscode.TextDocument): boolean {
  if (document.fileName.endsWith('.cjs') || document.fileName.endsWith('.cts')) return true;
  const text = document.getText();
  return !/^\s*(import|export)\s/m.test(text) && /\b(module\.exports|exports\.\w+)\s*=/.test(text);
}

function exportFix(document: vscode.TextDocument, site: FoundFunction, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const isMethod = site.kind === 'method' || site.kind === 'class-method';
  const exportedName = isMethod ? site.displayName.split('.')[0] : site.name;
  const action = new vscode.CodeAction(
    isMethod ? `Export class \`${exportedName}\`` : `Export \`${exportedName}\``,
    vscode.CodeActionKind.QuickFix,
  );
  const edit = new vscode.WorkspaceEdit();
  if (isCommonJs(document)) {
    const end = document.lineAt(document.lineCount - 1).range.end;
    const newline = document.getText().endsWith('\n') ? '' : '\n';
    edit.insert(document.uri, end, `${newline}module.exports.${exportedName} = ${exportedName};\n`);
  } else {
    edit.insert(document.uri, new vscode.Position(site.statementStart.line - 1, site.statementStart.column - 1), 'export ');
  }
  action.edit = edit;
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  return action;
}

/** Quick fixes for the profiler's Problems: export the function the worker cannot import; wrap a function in its arguments. */
export class ProfilerQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly index: FunctionIndex,
    private readonly store: ResultsStore,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (document.languageId === 'python') return this.pythonActions(document, context);
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    for (const { diagnostic, path } of reachabilityProblems(context)) {
      const site = path === undefined || path === 'fn' ? this.index.siteAt(document, diagnostic.range.start) : undefined;
      if (site && !site.exported && !offered.has(`export:${site.name}`)) {
        offered.add(`export:${site.name}`);
        actions.push(exportFix(document, site, diagnostic));
      }
      const target = await wrapTarget(diagnostic, this.index);
      if (target && !offered.has(`wrap:${target.site.name}`)) {
        const edit = wrapFix(target.document, target.site, isCommonJs(target.document));
        if (!edit) continue;
        offered.add(`wrap:${target.site.name}`);
        const action = new vscode.CodeAction(`Wrap \`${target.site.displayName}\` with wrapNonPicklable`, vscode.CodeActionKind.QuickFix);
        action.edit = edit;
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    return actions;
  }

  /** A function pickle cannot send by reference (one defined in a script run as `__main__`): wrap it, as loky suggests. */
  private async pythonActions(document: vscode.TextDocument, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    for (const { diagnostic, path } of reachabilityProblems(context)) {
      const target =
        path === 'fn' ? { document, site: this.index.siteAt(document, diagnostic.range.start) } : await wrapTarget(diagnostic, this.index);
      if (!target?.site || target.document.languageId !== 'python' || offered.has(target.site.name)) continue;
      const profiled = this.index.siteAt(document, diagnostic.range.start);
      const info = profiled && this.store.latest(document.uri, profiled.name)?.python;
      const action = pythonWrapFix(target.document, target.site, lokyOf(target.document, info), diagnostic);
      if (!action) continue;
      offered.add(target.site.name);
      actions.push(action);
    }
    return actions;
  }
}
