import * as vscode from 'vscode';
import type { ProfileRequest } from '../worker-host/protocol/report';
import { PICKLER_MODES } from '../worker-host/protocol/report';

export const SECTION = 'serializationProfiler';

export type RunSettings = Pick<ProfileRequest, 'modes' | 'repeat' | 'warmup' | 'backend' | 'timeoutMs' | 'maxWorkers'>;

export function readRunSettings(scope?: vscode.Uri): RunSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const modes = config.get<string[]>('modes', [...PICKLER_MODES]).filter((m) => typeof m === 'string' && m !== '');
  return {
    modes: modes.length > 0 ? modes : [...PICKLER_MODES],
    repeat: config.get<number>('repeat', 5),
    warmup: config.get<number>('warmup', 1),
    backend: config.get<'process' | 'thread'>('backend', 'process') === 'thread' ? 'thread' : 'process',
    timeoutMs: config.get<number>('timeoutMs', 30_000),
    maxWorkers: config.get<number>('maxWorkers', 1),
  };
}

export function lensesEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens.enabled', true);
}
