import * as vscode from 'vscode';
import type { FunctionIndex } from '../function-index';
import type { WorkerHostClient } from '../host/host-client';
import type { ResultsStore } from '../profiling/results-store';
import { locationUri, type ProfilerDiagnostics } from './diagnostics';
import { exportableDeclarationAt, exportableSite, exportFix, isCommonJs, type Exportable } from './export-fix';
import { isTheFunction, REACHABILITY_KINDS, type ProblemRecord } from './problem-record';
import { lokyOf, pythonWrapFix } from './python-wrap-fix';
import { wrapFix, wrapTarget } from './wrap-fix';

/**
 * Quick fixes for the profiler's Problems, decided on each Problem's record (never on its text): export what the
 * worker cannot import (the function, or a class or function in its arguments); wrap a function to send it by value.
 */
export class ProfilerQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(
    private readonly index: FunctionIndex,
    private readonly store: ResultsStore,
    private readonly diagnostics: ProfilerDiagnostics,
    private readonly host: WorkerHostClient,
  ) {}

  private *problems(
    context: vscode.CodeActionContext,
  ): Iterable<{ diagnostic: vscode.Diagnostic; record: ProblemRecord }> {
    for (const diagnostic of context.diagnostics) {
      const record = this.diagnostics.recordOf(diagnostic);
      if (record && REACHABILITY_KINDS.has(record.kind)) yield { diagnostic, record };
    }
  }

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    if (document.languageId === 'python') return this.pythonActions(document, context);
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    const offer = (key: string, make: () => vscode.CodeAction | undefined) => {
      if (offered.has(key)) return;
      const action = make();
      if (!action) return;
      offered.add(key);
      actions.push(action);
    };
    for (const { diagnostic, record } of this.problems(context)) {
      const exportable = await this.exportableOf(document, record);
      if (exportable)
        offer(`export:${exportable.uri.toString()}:${exportable.target.name}`, () =>
          exportFix(exportable.document, exportable.target, diagnostic),
        );
      const target = await wrapTarget(record, this.index);
      if (target) {
        offer(`wrap:${target.site.name}`, () => {
          const edit = wrapFix(target.document, target.site, isCommonJs(target.document));
          if (!edit) return undefined;
          const action = new vscode.CodeAction(
            `Wrap \`${target.site.displayName}\` with wrapNonPicklable`,
            vscode.CodeActionKind.QuickFix,
          );
          action.edit = edit;
          action.diagnostics = [diagnostic];
          return action;
        });
      }
    }
    return actions;
  }

  /** What exporting would make importable: the profiled function, or the declaration a failing argument comes from. */
  private async exportableOf(
    document: vscode.TextDocument,
    record: ProblemRecord,
  ): Promise<{ uri: vscode.Uri; document: vscode.TextDocument; target: Exportable } | undefined> {
    if (isTheFunction(record)) {
      const site = await this.index.find(document, record.functionName);
      const target = site && exportableSite(site);
      return target && { uri: document.uri, document, target };
    }
    if (!record.location) return undefined;
    const source = await vscode.workspace.openTextDocument(locationUri(record.location));
    if (source.languageId === 'python') return undefined;
    const target = exportableDeclarationAt(
      source,
      new vscode.Position(record.location.line - 1, record.location.column - 1),
    );
    return target && { uri: source.uri, document: source, target };
  }

  /**
   * A function pickle cannot send by reference (one defined in a script run as `__main__`): wrap it, as loky
   * suggests.
   */
  private async pythonActions(
    document: vscode.TextDocument,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    for (const { diagnostic, record } of this.problems(context)) {
      const target = isTheFunction(record)
        ? { document, site: await this.index.find(document, record.functionName) }
        : await wrapTarget(record, this.index);
      if (!target?.site || target.document.languageId !== 'python' || offered.has(target.site.name)) continue;
      const info = this.store.latest(document.uri, record.functionName)?.python;
      const action = await pythonWrapFix(
        this.host,
        target.document,
        target.site,
        lokyOf(target.document, info),
        diagnostic,
      );
      if (!action) continue;
      offered.add(target.site.name);
      actions.push(action);
    }
    return actions;
  }
}
