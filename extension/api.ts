import type * as vscode from 'vscode';
import type { FunctionSite } from '../worker-host/protocol/functions';
import type { ProfileReport } from '../worker-host/protocol/report';
import type { RenderedMessage } from './panel/results-panel';
import type { RecordingApi } from './recording/recording-api';
import type { RunSettings } from './settings';

/** What activate() returns: lets tests and other extensions drive the profiler without the UI prompts. */
export interface SerializationProfilerApi {
  /** Profiles a function (by its name or display name) with the given arguments; records and shows it like a lens run. */
  profile(uri: vscode.Uri, functionName: string, argsExpression: string, overrides?: Partial<RunSettings>): Promise<ProfileReport>;
  /** Starts a run that can be cancelled; `result` rejects with a `cancelled` failure once stopped. */
  startProfile(
    uri: vscode.Uri,
    functionName: string,
    argsExpression: string,
    overrides?: Partial<RunSettings>,
  ): { result: Promise<ProfileReport>; cancel(): void };
  /** The profilable functions of a document, as the lenses see them. */
  functions(document: vscode.TextDocument): FunctionSite[];
  /** Opens (or reveals) the results panel. */
  showResults(functionKey?: string): void;
  /** Resolves with the panel's next `rendered` message. */
  nextRender(): Promise<RenderedMessage>;
  /** The worker host's process id, once it runs. */
  hostPid(): number | undefined;
  /** Resolves with the pid of a running worker host, starting one if none runs. */
  ensureHost(): Promise<number>;
  /** Recorded traffic: start a recorded run, follow the Traffic view. */
  recording: RecordingApi;
}
