import * as vscode from 'vscode';
import type { FoundFunction } from '../shared/functions';
import type { FunctionIndex } from './function-index';
import type { WorkerHostClient } from './host/host-client';
import type { RenderedMessage, ResultsPanel } from './panel/results-panel';

/** The command through which the extension's own tests reach inside it; registered only outside production. */
export const TEST_HOOKS_COMMAND = 'serializationProfiler.internal.testHooks';

/** What the tests may observe that users never need: not part of the extension's API. */
export interface TestHooks {
  /** The profilable functions of a document, as the lenses see them. */
  functions(document: vscode.TextDocument): Promise<FoundFunction[]>;
  /** Resolves with the panel's next `rendered` message. */
  nextRender(): Promise<RenderedMessage>;
  /** The worker host's process id, once it runs. */
  hostPid(): number | undefined;
  /** Resolves with the pid of a running worker host, starting one if none runs. */
  ensureHost(): Promise<number>;
  /** Milliseconds the bundle took to load (evaluate) and `activate` took to return. */
  activation: { loadMs: number; activateMs: number };
}

export function registerTestHooks(
  context: vscode.ExtensionContext,
  parts: { index: FunctionIndex; panel: ResultsPanel; host: WorkerHostClient },
  activation: () => TestHooks['activation'],
): vscode.Disposable | undefined {
  if (context.extensionMode === vscode.ExtensionMode.Production) return undefined;
  const hooks: TestHooks = {
    functions: (document) => parts.index.sites(document),
    nextRender: () =>
      new Promise<RenderedMessage>((resolve) => {
        const subscription = parts.panel.onDidRender((message) => {
          subscription.dispose();
          resolve(message);
        });
      }),
    hostPid: () => parts.host.pid,
    async ensureHost() {
      const { pid } = await parts.host.request('ping', {}).result;
      return pid;
    },
    get activation() {
      return activation();
    },
  };
  return vscode.commands.registerCommand(TEST_HOOKS_COMMAND, () => hooks);
}
