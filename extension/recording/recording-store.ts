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
  /** Files changed since the run (known when a recording is restored): their lines may have moved, so no lenses. */
  changedFiles?: readonly string[];
  /** *Clear Diagnostics* took its Problems away: they do not come back for it, after a reload either. */
  problemsCleared?: boolean;
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
    this.sitesByFile = indexByFile(entry.report.sites, entry.changedFiles);
    this.changed.fire(entry);
    return entry;
  }

  /** An earlier recording restored after a reload, to compare with: kept behind the newest one, which stays. */
  addBehind(recording: Omit<Recording, 'id'>): Recording {
    if (this.recordings.length === 0) return this.add(recording);
    const entry = { ...recording, id: `r${++this.counter}-${recording.openedAt}` };
    if (this.recordings.length < KEEP) this.recordings.push(entry);
    return entry;
  }

  /** The newest recording's Problems were cleared (its lenses and hovers stay). */
  markProblemsCleared(): Recording | undefined {
    const [current] = this.recordings;
    if (current) this.recordings[0] = { ...current, problemsCleared: true };
    return this.recordings[0];
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

/** The sites of a recording the editor can still place on their lines (none in files changed since the run). */
export function placeableSites(recording: Pick<Recording, 'report' | 'changedFiles'>): TraceSite[] {
  const changed = new Set(recording.changedFiles ?? []);
  return recording.report.sites.filter((site) => !changed.has(siteFile(site)));
}

export function siteFile(site: TraceSite): string {
  return site.file.startsWith('file:') ? vscode.Uri.parse(site.file).fsPath : site.file;
}

function indexByFile(sites: readonly TraceSite[], changedFiles: readonly string[] = []): Map<string, TraceSite[]> {
  const byFile = new Map<string, TraceSite[]>();
  const changed = new Set(changedFiles);
  for (const site of sites) {
    const file = siteFile(site);
    if (changed.has(file)) continue;
    const list = byFile.get(file);
    if (list) list.push(site);
    else byFile.set(file, [site]);
  }
  return byFile;
}
