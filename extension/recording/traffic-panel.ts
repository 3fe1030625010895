import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { panelHtml } from '../panel/panel-html';
import {
  isFromTraffic,
  isTrafficViewState,
  type FromTraffic,
  type RecordingView,
  type TrafficShow,
} from '../../shared/traffic/messages';
import { traceMarkdown } from '../../shared/traffic/trace-markdown';
import type { TraceLocation } from '../../shared/traffic/trace-report';
import type { Recording, RecordingStore } from './recording-store';
import { traceUri } from './traffic-diagnostics';

export const TRAFFIC_VIEW_TYPE = 'serializationProfiler.traffic';

export interface TrafficRendered {
  sites: number;
  renderMs: number;
  /** From `show()` to the view saying it has drawn, in the extension's clock. */
  shownMs: number;
  loadMs: number;
  /** Until the view had the state (postMessage's own promise). */
  postMs: number;
}

const view = (r: Recording): RecordingView => ({
  id: r.id,
  label: r.label,
  source: r.source,
  openedAt: r.openedAt,
  report: r.report,
});

/** The Traffic view: one webview panel beside the editor, showing the newest recording (or a chosen one). */
export class TrafficPanel implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private shownAt = 0;
  private focus: string | undefined;
  private compareId: string | undefined;
  private readonly rendered = new vscode.EventEmitter<TrafficRendered>();
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly distUri: vscode.Uri,
    private readonly store: RecordingStore,
    private readonly log: vscode.LogOutputChannel,
    /** Reads a reloaded view's recordings back (those the store does not have yet). */
    private readonly reopen: (current: string, compare: string | undefined) => Promise<void>,
  ) {}

  show(focus?: string): void {
    this.focus = focus;
    this.shownAt = performance.now();
    if (this.panel) {
      this.panel.reveal(undefined, true);
      this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      TRAFFIC_VIEW_TYPE,
      'Serialization Traffic',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [this.distUri],
      },
    );
    this.attach(panel);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.distUri] };
    this.shownAt = performance.now();
    this.attach(panel);
    if (!isTrafficViewState(state) || state.sources.length === 0) return;
    try {
      await this.reopen(state.sources[0], state.compareSource);
    } catch (error) {
      this.log.warn(`Traffic view: ${(error as Error).message}`);
      void vscode.window.showWarningMessage(
        `The Traffic view could not show its recording again: ${(error as Error).message}`,
      );
      return;
    }
    const current = this.store.current;
    const compare = this.store.all().find((r) => r.source === state.compareSource && r !== current);
    if (compare) this.compareId = compare.id;
    this.post();
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    this.ready = false;
    panel.webview.html = panelHtml(panel.webview, this.distUri, TRAFFIC_PAGE);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      this.store.onDidChange(() => {
        this.shownAt = performance.now();
        this.post();
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const s of subscriptions) s.dispose();
      }),
    ];
  }

  private postQueued = false;

  /** Posts the state once per turn, however many changes asked for it (a large report is sent once). */
  private post(): void {
    if (this.postQueued) return;
    this.postQueued = true;
    setImmediate(() => {
      this.postQueued = false;
      this.postNow();
    });
  }

  private postNow(): void {
    const current = this.store.current;
    if (!this.panel || !this.ready || !current) return;
    const compare = this.compareId ? this.store.get(this.compareId) : undefined;
    const message: TrafficShow = {
      type: 'show',
      current: view(current),
      others: this.store
        .all()
        .filter((r) => r.id !== current.id)
        .map((r) => ({ id: r.id, label: r.label, openedAt: r.openedAt })),
      ...(compare && compare.id !== current.id && { compare: view(compare) }),
      ...(this.focus && { focus: this.focus }),
      roots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      loadMs: current.loadMs,
    };
    const posting = performance.now();
    void this.panel.webview.postMessage(message).then(() => {
      this.postMs = performance.now() - posting;
    });
  }

  /** How long the last state took to reach the view (postMessage's own promise). */
  private postMs = 0;

  private onMessage(message: unknown): void {
    if (!isFromTraffic(message)) {
      this.log.warn('Ignored a malformed message from the Traffic view');
      return;
    }
    this.handle(message);
  }

  private handle(message: FromTraffic): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        // Until now the workbench was creating the view: that wait is not the extension's time.
        this.shownAt = Math.max(this.shownAt, performance.now());
        this.post();
        return;
      case 'rendered': {
        const shownMs = performance.now() - this.shownAt;
        const loadMs = this.store.current?.loadMs ?? 0;
        this.log.info(
          `Traffic view: ${message.sites} sites drawn in ${message.renderMs.toFixed(1)} ms; ` +
            `report read in ${loadMs.toFixed(1)} ms; delivered in ${this.postMs.toFixed(1)} ms; ` +
            `shown ${shownMs.toFixed(1)} ms after the request`,
        );
        void this.panel?.webview.postMessage({ type: 'timing', loadMs, shownMs });
        this.rendered.fire({ sites: message.sites, renderMs: message.renderMs, shownMs, loadMs, postMs: this.postMs });
        return;
      }
      case 'openSource':
        void openAt(message.location, message.quickFix);
        return;
      case 'compare':
        this.compareId = message.id ?? undefined;
        this.post();
        return;
      case 'export':
        if (this.store.current) void exportRecording(this.store.current, message.format, message.action);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.rendered.dispose();
  }
}

async function openAt(location: TraceLocation, quickFix: boolean): Promise<void> {
  const position = new vscode.Position(Math.max(0, location.line - 1), Math.max(0, location.column - 1));
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === traceUri(location).fsPath);
  const editor = await vscode.window.showTextDocument(traceUri(location), {
    viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One,
    selection: new vscode.Range(position, position),
    preview: false,
  });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (quickFix) await vscode.commands.executeCommand('editor.action.quickFix');
}

async function exportRecording(
  recording: Recording,
  format: 'json' | 'markdown',
  action: 'copy' | 'save',
): Promise<void> {
  const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const text =
    format === 'json' ? `${JSON.stringify(recording.report, null, 2)}\n` : traceMarkdown(recording.report, roots);
  const name = format === 'json' ? 'JSON' : 'Markdown';
  if (action === 'copy') {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(`Copied the recording as ${name}.`);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    ...(folder && {
      defaultUri: vscode.Uri.joinPath(folder, `serialization-traffic.${format === 'json' ? 'json' : 'md'}`),
    }),
    filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
    saveLabel: 'Export',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target)}.`);
}

const TRAFFIC_PAGE = {
  bundle: 'traffic',
  title: 'Serialization Traffic',
  empty:
    'Record a run (Serialization Profiler: Record Serialization\nTraffic…) or open a saved trace to see its send ' +
    'sites here.',
};
