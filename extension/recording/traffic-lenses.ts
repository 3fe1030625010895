import * as vscode from 'vscode';
import {
  formatBytes,
  formatDuration,
  pathLabel,
  siteChannel,
  siteSummary,
  topFinding,
} from '../../shared/traffic/site-text';
import { siteKey, type TraceSite } from '../../shared/traffic/trace-report';
import type { RecordingStore } from './recording-store';

export const SHOW_SITE_COMMAND = 'serializationProfiler.showTrafficSite';

function lineRange(document: vscode.TextDocument, site: TraceSite): vscode.Range | undefined {
  const line = site.line - 1;
  if (line < 0 || line >= document.lineCount) return undefined;
  return document.lineAt(line).range;
}

/** A lens on each recorded send site's line: what it sent and what it cost. */
export class TrafficLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: RecordingStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const site of this.store.sitesIn(document.uri)) {
      const range = lineRange(document, site);
      if (!range) continue;
      lenses.push(
        new vscode.CodeLens(range, {
          title: siteSummary(site),
          tooltip: `${siteChannel(site)} — show this send site in the Traffic view`,
          command: SHOW_SITE_COMMAND,
          arguments: [siteKey(site)],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** On a send site's line: its figures and its costliest finding. */
export class TrafficHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: RecordingStore) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const sites = this.store.sitesIn(document.uri).filter((s) => s.line - 1 === position.line);
    if (sites.length === 0) return undefined;
    const markdown = new vscode.MarkdownString(undefined, true);
    for (const site of sites) {
      markdown.appendMarkdown(`**Serialization traffic** · ${escape(siteChannel(site))}\n\n`);
      markdown.appendMarkdown(
        `| messages | bytes | p50 | p95 | serialize | deserialize |\n|---:|---:|---:|---:|---:|---:|\n`,
      );
      const deserialize =
        site.deserializeMs === null
          ? '—'
          : `${formatDuration(site.deserializeMs)}${site.deserializeEstimated ? ' (est.)' : ''}`;
      markdown.appendMarkdown(
        `| ${[
          `${site.messages.toLocaleString('en-US')} (${site.measured.toLocaleString('en-US')} measured)`,
          `${formatBytes(site.bytes.total)}${site.bytes.estimated ? ' (est.)' : ''}`,
          formatBytes(site.bytes.p50),
          formatBytes(site.bytes.p95),
          formatDuration(site.serializeMs),
          deserialize,
        ].join(' | ')} |\n\n`,
      );
      const finding = topFinding(site);
      if (finding)
        markdown.appendMarkdown(
          `**${escape(finding.kind)}** at ${escape(pathLabel(finding.path))}: ${escape(finding.message)}\n\n` +
            `*Fix:* ${escape(finding.fix)}\n\n`,
        );
      for (const failure of site.failures.slice(0, 3)) {
        markdown.appendMarkdown(
          `**${escape(failure.kind)}** ×${failure.count} at ${escape(pathLabel(failure.path))}: ` +
            `${escape(failure.message)}\n\n`,
        );
      }
      markdown.appendMarkdown(
        `[Show in the Traffic view](command:${SHOW_SITE_COMMAND}?` +
          `${encodeURIComponent(JSON.stringify([siteKey(site)]))})\n\n`,
      );
    }
    markdown.isTrusted = { enabledCommands: [SHOW_SITE_COMMAND] };
    return new vscode.Hover(markdown, document.lineAt(position.line).range);
  }
}

/** Report text is data: nothing in it becomes Markdown markup (backticks in paths are kept as code spans). */
function escape(text: string): string {
  return text.replace(/[\\*_[\]<>|#]/g, (c) => `\\${c}`);
}
