import * as vscode from 'vscode';
import { pathLabel, siteChannel } from '../../shared/traffic/site-text';
import type { TraceFailure, TraceFinding, TraceLocation, TraceSite } from '../../shared/traffic/trace-report';
import { placeableSites, type RecordingStore } from './recording-store';

export const TRAFFIC_SOURCE = 'Serialization Profiler (recorded)';

/** What a traffic Problem is about, kept beside it as data: quick fixes read this, never the message. */
export type TrafficFact =
  | { type: 'failure'; site: TraceSite; failure: TraceFailure }
  | { type: 'finding'; site: TraceSite; finding: TraceFinding };

export function traceUri(location: Pick<TraceLocation, 'file'>): vscode.Uri {
  return location.file.startsWith('file:') ? vscode.Uri.parse(location.file) : vscode.Uri.file(location.file);
}

/** From the site's column to the end of its line (the whole line when the column is past it). */
function siteRange(site: TraceSite): vscode.Range {
  const line = Math.max(0, site.line - 1);
  return new vscode.Range(line, Math.max(0, site.column - 1), line, Number.MAX_SAFE_INTEGER);
}

function failureDiagnostic(site: TraceSite, failure: TraceFailure): vscode.Diagnostic {
  const times = failure.count > 1 ? ` (${failure.count.toLocaleString('en-US')} times)` : '';
  const what = `${failure.kind} at ${pathLabel(failure.path)}: ${failure.message}`;
  const message = `${siteChannel(site)} failed${times}: ${what}`;
  const diagnostic = new vscode.Diagnostic(siteRange(site), message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = TRAFFIC_SOURCE;
  diagnostic.code = failure.kind;
  if (failure.location) {
    const at = new vscode.Position(Math.max(0, failure.location.line - 1), Math.max(0, failure.location.column - 1));
    diagnostic.relatedInformation = [
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(traceUri(failure.location), at),
        `${pathLabel(failure.path)}, the value that could not be sent, is defined here`,
      ),
    ];
  }
  return diagnostic;
}

function findingDiagnostic(
  site: TraceSite,
  finding: TraceFinding,
  definition: vscode.Location | undefined,
): vscode.Diagnostic {
  const message = `${finding.kind} at ${pathLabel(finding.path)}: ${finding.message}\nFix: ${finding.fix}`;
  const diagnostic = new vscode.Diagnostic(siteRange(site), message, vscode.DiagnosticSeverity.Warning);
  diagnostic.source = TRAFFIC_SOURCE;
  diagnostic.code = finding.kind;
  if (definition)
    diagnostic.relatedInformation = [
      new vscode.DiagnosticRelatedInformation(definition, `${pathLabel(finding.path)} is defined here`),
    ];
  return diagnostic;
}

/** Finds where the value at a finding's path is defined, when the source says so plainly. */
export type DefinitionFinder = (site: TraceSite, path: string) => Promise<vscode.Location | undefined>;

/** Failures (Errors) and findings (Warnings) of the newest recording, each with its facts as a record. */
export class TrafficDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('serializationProfiler.traffic');
  private readonly facts = new Map<vscode.Diagnostic, TrafficFact>();
  private readonly subscription: vscode.Disposable;
  private generation = 0;
  private published: Promise<void> = Promise.resolve();

  constructor(
    store: RecordingStore,
    private readonly findDefinition: DefinitionFinder,
  ) {
    this.subscription = store.onDidChange((recording) => {
      this.published = this.publish(recording.problemsCleared ? [] : placeableSites(recording));
    });
  }

  /** Resolves once the newest recording's Problems are in the Problems view. */
  whenPublished(): Promise<void> {
    return this.published;
  }

  /** The facts of one of this collection's diagnostics (the same object VS Code hands back to code actions). */
  factOf(diagnostic: vscode.Diagnostic): TrafficFact | undefined {
    const direct = this.facts.get(diagnostic);
    if (direct) return direct;
    for (const [known, fact] of this.facts) {
      if (
        known.message === diagnostic.message &&
        known.range.isEqual(diagnostic.range) &&
        known.code === diagnostic.code
      )
        return fact;
    }
    return undefined;
  }

  private async publish(sites: readonly TraceSite[]): Promise<void> {
    const generation = ++this.generation;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const facts = new Map<vscode.Diagnostic, TrafficFact>();
    for (const site of sites) {
      const list = byFile.get(traceUri(site).toString()) ?? [];
      for (const failure of site.failures) {
        const diagnostic = failureDiagnostic(site, failure);
        facts.set(diagnostic, { type: 'failure', site, failure });
        list.push(diagnostic);
      }
      for (const finding of site.findings) {
        const definition = await this.findDefinition(site, finding.path).catch(() => undefined);
        const diagnostic = findingDiagnostic(site, finding, definition);
        facts.set(diagnostic, { type: 'finding', site, finding });
        list.push(diagnostic);
      }
      if (list.length > 0) byFile.set(traceUri(site).toString(), list);
    }
    if (generation !== this.generation) return;
    this.collection.clear();
    this.facts.clear();
    for (const [diagnostic, fact] of facts) this.facts.set(diagnostic, fact);
    for (const [uri, list] of byFile) this.collection.set(vscode.Uri.parse(uri), list);
    this.updateContext();
  }

  /** After an edit of a file its Problems would point at moved lines: they go until the next recording. */
  clear(uri: vscode.Uri): void {
    if (!this.collection.has(uri)) return;
    this.collection.delete(uri);
    for (const [diagnostic, fact] of this.facts)
      if (traceUri(fact.site).toString() === uri.toString()) this.facts.delete(diagnostic);
    this.updateContext();
  }

  /** *Clear Diagnostics*: every recorded Problem goes, also one still being published. */
  clearAll(): void {
    this.generation++;
    this.collection.clear();
    this.facts.clear();
    this.updateContext();
  }

  private updateContext(): void {
    let any = false;
    this.collection.forEach((_uri, diagnostics) => (any ||= diagnostics.length > 0));
    void vscode.commands.executeCommand('setContext', 'serializationProfiler.hasRecordedProblems', any);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
