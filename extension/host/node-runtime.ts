import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** The Node executable that runs the worker host, and how it was chosen (logged). */
export interface NodeRuntime {
  execPath: string;
  env: Record<string, string>;
  description: string;
}

const MIN_NODE_MAJOR = 20;

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function nodeMajor(execPath: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile(execPath, ['--version'], { timeout: 5000, windowsHide: true }, (error, stdout) => {
      const match = /^v(\d+)\./.exec(stdout.trim());
      resolve(error || !match ? undefined : Number(match[1]));
    });
  });
}

async function nodeOnPath(): Promise<string | undefined> {
  const names = process.platform === 'win32' ? ['node.exe'] : ['node'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The `nodePath` setting when it names a usable Node, else `node` on PATH (version 20 or later),
 * else the editor's own runtime run as plain Node. `problems` collects why a choice was skipped.
 */
export async function resolveNodeRuntime(configured: string, problems: string[]): Promise<NodeRuntime> {
  const candidates: Array<{ path: string | undefined; label: string }> = [
    { path: configured.trim() || undefined, label: 'the serializationProfiler.nodePath setting' },
    { path: await nodeOnPath(), label: '`node` on PATH' },
  ];
  for (const { path, label } of candidates) {
    if (!path) continue;
    const major = (await isExecutable(path)) ? await nodeMajor(path) : undefined;
    if (major !== undefined && major >= MIN_NODE_MAJOR)
      return { execPath: path, env: {}, description: `${path} (v${major}, from ${label})` };
    problems.push(
      `${label} (${path}) is not a Node.js ${MIN_NODE_MAJOR}+ executable${major ? `: it is v${major}` : ''}`,
    );
  }
  return {
    execPath: process.execPath,
    env: { ELECTRON_RUN_AS_NODE: '1' },
    description: `the editor's own runtime (${process.execPath}, Node ${process.versions.node})`,
  };
}
