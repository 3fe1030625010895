import * as vscode from 'vscode';
import { HostRequestError } from '../host/host-client';
import { openSource } from '../panel/results-panel';
import type { ProfileTarget } from './profile-runner';

const ARGUMENT_PROBLEMS = new Set(['args-syntax', 'args-evaluation']);

/** Opens the argument box again on what failed, for the user to correct. */
export function editArguments(target: ProfileTarget): Thenable<unknown> {
  return vscode.commands.executeCommand('serializationProfiler.profileFunctionAtCursor', {
    uri: target.uri,
    functionName: target.site.name,
    argsPrefill: target.argsExpression,
  });
}

/** Tells the user why a run produced no report: bad input (with its location), cancelled, or a host failure. */
export async function reportFailure(
  error: unknown,
  log: vscode.LogOutputChannel,
  target?: ProfileTarget,
): Promise<void> {
  if (!(error instanceof HostRequestError)) {
    log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const choice = await vscode.window.showErrorMessage(
      `Profiling failed: ${error instanceof Error ? error.message : String(error)}`,
      'Show Log',
    );
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
    const canEdit = target !== undefined && ARGUMENT_PROBLEMS.has(failure.problem?.code ?? '');
    const choice = await vscode.window.showErrorMessage(
      failure.message,
      ...(canEdit ? ['Edit Arguments'] : []),
      ...(location ? ['Go to Location'] : []),
    );
    if (choice === 'Edit Arguments' && target) await editArguments(target);
    else if (choice === 'Go to Location' && location) await openSource(location);
    return;
  }
  if (failure.stack) log.error(failure.stack);
  const choice = await vscode.window.showErrorMessage(
    `Profiling failed: ${failure.message}`,
    'Show Log',
    'Restart Worker Host',
  );
  if (choice === 'Show Log') log.show();
  if (choice === 'Restart Worker Host') await vscode.commands.executeCommand('serializationProfiler.restartWorkerHost');
}
