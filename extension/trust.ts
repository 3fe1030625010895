import * as vscode from 'vscode';

/** In an untrusted workspace no user code runs; says why and offers to manage trust. Returns whether trusted. */
export async function requireTrust(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(
    'Serialization Profiler runs this workspace’s code in worker processes, so it is off in Restricted Mode.',
    'Manage Workspace Trust',
  );
  if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
