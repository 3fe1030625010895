import { dirname } from 'node:path';
import * as vscode from 'vscode';
import {
  isFromPanel,
  isPanelState,
  type ExportAction,
  type ExportFormat,
  type FromPanel,
  type PanelEntry,
  type ToPanel,
} from '../../shared/panel-messages';
import type { SourceLocation } from '../../shared/report';
import { locationUri } from '../diagnostics/diagnostics';
import type { WorkerHostClient } from '../host/host-client';
import type { ResultsStore } from '../profiling/results-store';
import { panelHtml } from './panel-html';

export const PANEL_VIEW_TYPE = 'serializationProfiler.results';

export type RenderedMessage = Extract<FromPanel, { type: 'rendered' }>;

/** The one results panel: created on demand, reused, restored after a reload. */
export class ResultsPanel implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;
  private panelReady = false;
  private focus: string | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedMessage>();
  readonly onDidRender = this.rendered.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly distUri: vscode.Uri,
    private readonly store: ResultsStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly host: WorkerHostClient,
    private readonly actions: { rerun(key: string): void; editArgs(key: string): void },
  ) {
    this.subscriptions.push(
      store.onDidChange((entry) => {
        this.focus = entry.key;
        this.post();
      }),
      store.onDidInvalidate(() => this.post()),
    );
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  show(focus?: string, preserveFocus = true): void {
    if (focus) this.focus = focus;
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Serialization Profile',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [this.distUri] },
    );
    this.attach(panel);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (isPanelState(state)) this.store.restore(state.entries);
    else if (state !== undefined) this.log.warn('Ignored an unreadable saved state of the results panel');
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.distUri] };
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    this.panelReady = false;
    panel.webview.html = panelHtml(panel.webview, this.distUri, {
      bundle: 'webview',
      title: 'Serialization Profiler',
      empty: 'Profile a function to see its results here.',
    });
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const s of subscriptions) s.dispose();
      }),
    ];
  }

  private post(): void {
    if (!this.panel || !this.panelReady) return;
    const roots = (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => f.uri.fsPath);
    const message: ToPanel = {
      type: 'state',
      state: { entries: this.store.all(), roots, ...(this.focus !== undefined && { focus: this.focus }) },
    };
    void this.panel.webview.postMessage(message);
  }

  private onMessage(message: unknown): void {
    if (!isFromPanel(message)) {
      this.log.warn('Ignored a malformed message from the results panel');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.panelReady = true;
        this.post();
        return;
      case 'rendered':
        this.rendered.fire(message);
        return;
      case 'openSource':
        void openSource(message.location);
        return;
      case 'export': {
        const entry = this.store.get(message.key);
        if (entry)
          void exportEntry(this.host, entry, message.format, message.action).catch((error: Error) =>
            this.log.error(`Export failed: ${error.message}`),
          );
        return;
      }
      case 'rerun':
        this.actions.rerun(message.key);
        return;
      case 'editArgs':
        this.actions.editArgs(message.key);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.rendered.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Opens the file at the exact line and column, in the editor group that already shows it or the first one. */
export async function openSource(location: SourceLocation): Promise<vscode.TextEditor> {
  const uri = locationUri(location);
  const position = new vscode.Position(location.line - 1, location.column - 1);
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const column = shown?.viewColumn ?? vscode.window.visibleTextEditors[0]?.viewColumn ?? vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(uri, {
    viewColumn: column,
    selection: new vscode.Range(position, position),
    preview: false,
  });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** JSON as the CLI's --json prints it; Markdown as its --markdown (formatted by the worker host, which has the CLI). */
async function exportText(host: WorkerHostClient, entry: PanelEntry, format: ExportFormat): Promise<string> {
  const [latest] = entry.reports;
  const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(latest.file))?.uri.fsPath ?? dirname(latest.file);
  return format === 'json'
    ? JSON.stringify(latest, null, 2) + '\n'
    : host.request('formatMarkdown', { report: latest, root }).result;
}

async function exportEntry(
  host: WorkerHostClient,
  entry: PanelEntry,
  format: ExportFormat,
  action: ExportAction,
): Promise<void> {
  const text = await exportText(host, entry, format);
  if (action === 'copy') {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(
      `Copied the ${entry.displayName} report as ${format === 'json' ? 'JSON' : 'Markdown'}.`,
    );
    return;
  }
  const extension = format === 'json' ? 'json' : 'md';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(entry.file);
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, `${entry.displayName.replace(/[^\w.-]/g, '_')}.serialization.${extension}`),
    filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
    saveLabel: 'Export',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target)}.`);
}
