import * as vscode from 'vscode';
import { HostRequestError } from '../host/host-client';
import { openSource } from '../panel/results-panel';

/** Tells the user why a run produced no report: bad input (with its location), cancelled, or a host failure. */
export async function reportFailure(error: unknown, log: vscode.LogOutputChannel): Promise<void> {
  if (!(error instanceof HostRequestError)) {
    log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const choice = await vscode.window.showErrorMessage(`Profiling failed: ${error instanceof Error ? error.message : String(error)}`, 'Show Log');
    if (choice) log.show();
    return;
  }
  const { failure } = error;
  if (failure.reason === 'cancelled') {
    void vscode.window.showInformationMessage('Profiling cancelled; the workers were stopped.');
    return;
  }
  if (failure.reason === 'input') {
    const location = failure.problem?.location;
    const choice = await vscode.window.showErrorMessage(failure.message, ...(location ? ['Go to Location'] : []));
    if (choice && location) await openSource(location);
    return;
  }
  if (failure.stack) log.error(failure.stack);
  const choice = await vscode.window.showErrorMessage(`Profiling failed: ${failure.message}`, 'Show Log', 'Restart Worker Host');
  if (choice === 'Show Log') log.show();
  if (choice === 'Restart Worker Host') await vscode.commands.executeCommand('serializationProfiler.restartWorkerHost');
}
