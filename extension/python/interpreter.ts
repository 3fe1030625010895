import * as vscode from 'vscode';
import { SECTION } from '../settings';

/** The part of the Python extension's API (`ms-python.python`) that names the selected interpreter. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(path: string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
  };
}

const PYTHON_EXTENSION_ID = 'ms-python.python';

async function selectedByPythonExtension(scope: vscode.Uri, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const active = api.environments?.getActiveEnvironmentPath(scope);
    if (active?.path) {
      const resolved = await api.environments?.resolveEnvironment(active.path);
      return resolved?.executable.uri?.fsPath ?? active.path;
    }
    return api.settings?.getExecutionDetails(scope).execCommand?.[0];
  } catch (error) {
    log.warn(
      `The Python extension did not name an interpreter: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/**
 * The Python to profile with: `serializationProfiler.pythonPath` when set, else the interpreter selected in the
 * Python extension when it is installed; undefined lets the worker host discover one (PATH, then /usr/bin/python3).
 */
export async function pythonPathFor(scope: vscode.Uri, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const configured = vscode.workspace.getConfiguration(SECTION, scope).get<string>('pythonPath', '').trim();
  if (configured) return configured;
  return selectedByPythonExtension(scope, log);
}
