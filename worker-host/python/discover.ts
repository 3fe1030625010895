import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { ProfileInputError } from '../protocol/input-problem';

/** A Python that can run the bridge: 3.9 or newer, with loky (or joblib's bundled copy) importable. */
export interface PythonInterpreter {
  /** What to spawn: the configured or found path. */
  command: string;
  /** `sys.executable` as that Python reports it. */
  executable: string;
  version: string;
  loky: 'loky' | 'joblib.externals.loky';
  lokyVersion: string;
}

interface Probe {
  executable: string;
  version: string;
  versionInfo: [number, number];
  loky?: 'loky' | 'joblib.externals.loky';
  lokyVersion?: string;
  errors: string[];
}

const PROBE = `
import json, sys
info = {"executable": sys.executable, "version": sys.version.split()[0], "versionInfo": list(sys.version_info[:2]),
        "errors": []}
for name in ("loky", "joblib.externals.loky"):
    try:
        module = __import__(name, fromlist=["get_reusable_executor"])
        module.get_reusable_executor
        info["loky"], info["lokyVersion"] = name, getattr(module, "__version__", "?")
        break
    except Exception as error:
        info["errors"].append("%s: %s" % (type(error).__name__, error))
print(json.dumps(info))
`;

/** What to install, said for the Python that lacks it. */
export function installAdvice(command = 'python3'): string {
  return (
    `Install loky: \`pip install loky\` (for this Python: \`${command} -m pip install loky\`), or on Debian/Ubuntu ` +
    '`apt install python3-joblib` (for /usr/bin/python3); or point the profiler at a Python that has it.'
  );
}

const PROBE_TIMEOUT_MS = 20_000;
const found = new Map<string, PythonInterpreter>();

function probe(command: string): Promise<Probe | string> {
  return new Promise((resolve) => {
    execFile(command, ['-c', PROBE], { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        resolve((stderr.trim().split('\n').pop() || error.message).trim());
        return;
      }
      try {
        resolve(JSON.parse(stdout) as Probe);
      } catch {
        resolve(`unexpected output: ${stdout.slice(0, 200)}`);
      }
    });
  });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `python3` then `python` on PATH, in PATH order, then the usual system locations. */
export function pythonCandidates(): string[] {
  const names = process.platform === 'win32' ? ['python.exe', 'python3.exe'] : ['python3', 'python'];
  const directories = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((directory) => directory && isAbsolute(directory));
  const onPath = names.flatMap((name) => directories.map((directory) => join(directory, name)));
  const system = process.platform === 'win32' ? [] : ['/usr/bin/python3', '/usr/local/bin/python3'];
  return [...new Set([...onPath, ...system])].filter(isExecutable);
}

const MIN_PYTHON = [3, 9] as const;

function isSupportedVersion([major, minor]: [number, number]): boolean {
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

function describeFailure(command: string, result: Probe | string): string {
  if (typeof result === 'string') return `${command} (does not run: ${result})`;
  if (!isSupportedVersion(result.versionInfo)) {
    return `${command} (Python ${result.version}; ${MIN_PYTHON.join('.')} or newer is needed)`;
  }
  return `${command} (Python ${result.version}: ${result.errors.join('; ')})`;
}

function usable(result: Probe | string): result is Probe & Pick<PythonInterpreter, 'loky' | 'lokyVersion'> {
  return typeof result !== 'string' && result.loky !== undefined && isSupportedVersion(result.versionInfo);
}

/**
 * The Python to profile with: the configured one (a path or a command) when given, else the first Python on
 * PATH (then /usr/bin/python3) where loky or joblib imports. Rejects with `python-unavailable` saying what to
 * install when none qualifies.
 */
export async function discoverPython(configured?: string): Promise<PythonInterpreter> {
  const key = configured?.trim() ?? '';
  const cacheKey = key || `PATH=${process.env.PATH ?? ''}`;
  const known = found.get(cacheKey);
  if (known) return known;
  const candidates = key ? [key] : pythonCandidates();
  const tried: string[] = [];
  for (const command of candidates) {
    const result = await probe(command);
    if (usable(result)) {
      const interpreter: PythonInterpreter = {
        command,
        executable: result.executable,
        version: result.version,
        loky: result.loky,
        lokyVersion: result.lokyVersion,
      };
      found.set(cacheKey, interpreter);
      return interpreter;
    }
    tried.push(describeFailure(command, result));
  }
  const what = key
    ? `The configured Python cannot run loky: ${tried.join(', ')}.`
    : tried.length
      ? `No Python 3.9+ with loky or joblib found; tried ${tried.join(', ')}.`
      : 'No Python found on PATH.';
  throw new ProfileInputError({ code: 'python-unavailable', message: `${what} ${installAdvice(key || undefined)}` });
}
