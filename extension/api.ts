import type * as vscode from 'vscode';
import type { ProfileReport } from '../shared/report';
import type { RunSettings } from './settings';

/** What activate() returns: lets other extensions drive the profiler without the UI prompts. */
export interface SerializationProfilerApi {
  /**
   * Profiles a function (by its name or display name) with the given arguments; records and shows it like a lens
   * run.
   */
  profile(
    uri: vscode.Uri,
    functionName: string,
    argsExpression: string,
    overrides?: Partial<RunSettings>,
  ): Promise<ProfileReport>;
  /** Starts a run that can be cancelled; `result` rejects with a `cancelled` failure once stopped. */
  startProfile(
    uri: vscode.Uri,
    functionName: string,
    argsExpression: string,
    overrides?: Partial<RunSettings>,
  ): { result: Promise<ProfileReport>; cancel(): void };
  /** Opens (or reveals) the results panel. */
  showResults(functionKey?: string): void;
}
