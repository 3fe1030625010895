import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ProfileInputError } from '../protocol/input-problem';
import type { ProfileOptions, ProfileReport, ProfileRequest } from '../protocol/report';
import type { BridgeRequest } from './bridge-messages';
import { runBridge } from './bridge-process';
import { discoverPython } from './discover';
import { pythonModes } from './modes';

export { discoverPython, installAdvice, pythonCandidates, type PythonInterpreter } from './discover';
export { findPythonFunctions } from './functions';
export { PYTHON_MODES, pythonModes } from './modes';

/**
 * Profiles a Python function under real loky: each mode (`cloudpickle`, `pickle`, `wrapped`, or a pickler
 * module's name) runs through loky's reusable executor in a fresh Python process, with the file loaded as a
 * script (`__main__`) or as a module, as `request.pythonContext` says (`auto`: a `__main__` guard means script).
 */
export async function profilePython(request: ProfileRequest, options: ProfileOptions = {}): Promise<ProfileReport> {
  const file = resolve(request.file);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new ProfileInputError({ code: 'missing-file', message: `${file}: no such file.` });
  }
  const interpreter = await discoverPython(request.pythonPath);
  const startedAt = new Date().toISOString();
  const bridgeRequest: BridgeRequest = {
    file,
    functionName: request.functionName,
    argsExpression: request.argsExpression,
    modes: pythonModes(request.modes),
    repeat: Math.max(1, request.repeat),
    warmup: Math.max(0, request.warmup),
    timeoutMs: request.timeoutMs,
    maxWorkers: request.maxWorkers ?? 1,
    pythonContext: request.pythonContext ?? 'auto',
    ...(request.daskScheduler ? { daskScheduler: request.daskScheduler } : {}),
  };
  const answer = await runBridge(interpreter.command, bridgeRequest, options);
  return {
    file,
    function: request.functionName,
    language: 'python',
    argsExpression: request.argsExpression,
    backend: 'process',
    repeat: bridgeRequest.repeat,
    warmup: bridgeRequest.warmup,
    startedAt,
    results: answer.results,
    python: {
      executable: interpreter.executable,
      version: answer.python,
      loky: answer.loky,
      lokyVersion: answer.lokyVersion,
      context: answer.context,
    },
  };
}
export { wrapNonPicklableEdit, type LineInsert } from './wrap-fix';
