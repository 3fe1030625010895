import * as vscode from 'vscode';
import type { TraceReport, TraceSite } from '../../shared/traffic/trace-report';

/** One recorded run as the editor keeps it: the aggregated report only, never the raw events. */
export interface Recording {
  id: string;
  label: string;
  /** The report file it was read from (the `--out` file of a run, or a saved trace). */
  source: string;
  report: TraceReport;
  openedAt: number;
  /** Milliseconds the extension spent reading and indexing the report. */
  loadMs: number;
}

const KEEP = 8;

/** The recordings of this session, newest first; the newest one drives lenses, hovers and Problems. */
export class RecordingStore implements vscode.Disposable {
  private readonly recordings: Recording[] = [];
  private sitesByFile = new Map<string, TraceSite[]>();
  private readonly changed = new vscode.EventEmitter<Recording>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  add(recording: Omit<Recording, 'id'>): Recording {
    const entry = { ...recording, id: `r${++this.counter}-${recording.openedAt}` };
    this.recordings.unshift(entry);
    this.recordings.length = Math.min(this.recordings.length, KEEP);
    this.sitesByFile = indexByFile(entry.report.sites);
    this.changed.fire(entry);
    return entry;
  }

  get current(): Recording | undefined {
    return this.recordings[0];
  }

  all(): readonly Recording[] {
    return this.recordings;
  }

  get(id: string): Recording | undefined {
    return this.recordings.find((r) => r.id === id);
  }

  sitesIn(uri: vscode.Uri): readonly TraceSite[] {
    return this.sitesByFile.get(uri.fsPath) ?? [];
  }

  files(): string[] {
    return [...this.sitesByFile.keys()];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function indexByFile(sites: readonly TraceSite[]): Map<string, TraceSite[]> {
  const byFile = new Map<string, TraceSite[]>();
  for (const site of sites) {
    const file = site.file.startsWith('file:') ? vscode.Uri.parse(site.file).fsPath : site.file;
    const list = byFile.get(file);
    if (list) list.push(site);
    else byFile.set(file, [site]);
  }
  return byFile;
}
