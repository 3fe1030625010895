import * as vscode from 'vscode';
import type { ProfileRequest } from '../shared/report';
import { PICKLER_MODES } from '../shared/report';
import { PYTHON_MODES } from '../shared/languages';

export const SECTION = 'serializationProfiler';

export type RunSettings = Pick<
  ProfileRequest,
  'modes' | 'repeat' | 'warmup' | 'backend' | 'timeoutMs' | 'maxWorkers' | 'pythonContext' | 'daskScheduler'
>;

export type PythonContext = NonNullable<ProfileRequest['pythonContext']>;
const PYTHON_CONTEXTS: readonly PythonContext[] = ['auto', 'script', 'module'];

function namedModes(values: unknown, fallback: readonly string[]): string[] {
  const modes = Array.isArray(values)
    ? values.filter((m): m is string => typeof m === 'string' && m.trim() !== '').map((m) => m.trim())
    : [];
  return modes.length > 0 ? [...new Set(modes)] : [...fallback];
}

/** The run settings for a file; Python files use the Python modes and context. */
export function readRunSettings(scope?: vscode.Uri, language: 'javascript' | 'python' = 'javascript'): RunSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const common = {
    repeat: config.get<number>('repeat', 5),
    warmup: config.get<number>('warmup', 1),
    backend:
      config.get<'process' | 'thread'>('backend', 'process') === 'thread' ? ('thread' as const) : ('process' as const),
    timeoutMs: config.get<number>('timeoutMs', 30_000),
    maxWorkers: config.get<number>('maxWorkers', 1),
  };
  if (language === 'python') {
    const context = config.get<string>('pythonContext', 'auto');
    return {
      ...common,
      modes: namedModes(config.get<unknown>('pythonModes'), PYTHON_MODES),
      pythonContext: PYTHON_CONTEXTS.find((c) => c === context) ?? 'auto',
      ...daskScheduler(config.get<string>('daskScheduler', '')),
    };
  }
  return { ...common, modes: namedModes(config.get<unknown>('modes'), PICKLER_MODES) };
}

function daskScheduler(address: string | undefined): Pick<RunSettings, 'daskScheduler'> {
  const trimmed = (address ?? '').trim();
  return trimmed ? { daskScheduler: trimmed } : {};
}

export function lensesEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens.enabled', true);
}
