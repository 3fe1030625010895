import * as vscode from 'vscode';
import type { RecordingApi } from '../../../extension/recording/recording-api';
import { RECORDING_HOOKS_COMMAND } from '../../../extension/recording/register';
import { activeApi } from './helpers';

/** The recording side of the extension, as its tests reach it (a command registered outside production only). */
export async function recordingHooks(): Promise<RecordingApi> {
  await activeApi();
  const hooks = await vscode.commands.executeCommand<RecordingApi | undefined>(RECORDING_HOOKS_COMMAND);
  if (!hooks)
    throw new Error(`${RECORDING_HOOKS_COMMAND} returned nothing: is the extension running in production mode?`);
  return hooks;
}
