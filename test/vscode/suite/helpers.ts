import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SerializationProfilerApi } from '../../../extension/api';
import { TEST_HOOKS_COMMAND, type TestHooks } from '../../../extension/test-hooks';

export const EXTENSION_ID = 'serialization-profiler.serialization-profiler';

/** The extension's public API, plus the hooks it registers for its own tests (outside the API). */
export async function activeApi(): Promise<SerializationProfilerApi & TestHooks> {
  const extension = vscode.extensions.getExtension<SerializationProfilerApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  const hooks = await vscode.commands.executeCommand<TestHooks>(TEST_HOOKS_COMMAND);
  return Object.assign(Object.create(hooks) as TestHooks, api);
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs the examples workspace open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function writeWorkspaceFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Linux: the direct children of a process, from /proc. */
export function childPids(parent: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(name));
    } catch {
      // The process exited while we read.
    }
  }
  return children;
}

/** Linux: whether a process runs (a zombie, exited but not yet reaped, counts as stopped). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A quick run: the seed's 1M-element list makes every round heavy, so one measured round is enough. */
export const QUICK = { repeat: 1, warmup: 0, timeoutMs: 60_000 } as const;
