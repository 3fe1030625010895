import { ERROR_KINDS, type ModeResult, type ProfileProgress, type PythonRunInfo } from '../protocol/report';
import type { InputProblem } from '../protocol/input-problem';

/** The bridge's answer: the per-mode results and how it ran (the interpreter's path is known to the caller). */
export interface BridgeReport extends Omit<PythonRunInfo, 'executable' | 'version'> {
  python: string;
  results: ModeResult[];
}

/** One JSON line from the bridge's stdout. */
export type BridgeMessage =
  | { type: 'progress'; progress: ProfileProgress }
  | { type: 'report'; report: BridgeReport }
  | { type: 'input-problem'; problem: InputProblem }
  | { type: 'crash'; message: string; traceback: string };

/** The request the bridge reads on stdin. */
export interface BridgeRequest {
  file: string;
  functionName: string;
  argsExpression: string;
  modes: string[];
  repeat: number;
  warmup: number;
  timeoutMs: number;
  maxWorkers: number;
  pythonContext: 'auto' | 'script' | 'module';
  daskScheduler?: string;
}

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

const STAGES: ReadonlySet<unknown> = new Set(['loading', 'warmup', 'measure', 'done']);
const KINDS: ReadonlySet<unknown> = new Set(ERROR_KINDS);

function isProgress(value: unknown): value is ProfileProgress {
  return (
    isObject(value) &&
    isString(value.mode) &&
    STAGES.has(value.stage) &&
    ['modeIndex', 'modeCount', 'round', 'rounds'].every((key) => typeof value[key] === 'number')
  );
}

function isModeResult(value: unknown): value is ModeResult {
  if (!isObject(value) || !isString(value.mode) || (value.status !== 'ok' && value.status !== 'error')) return false;
  if (typeof value.rounds !== 'number' || !Array.isArray(value.warnings)) return false;
  if (value.status === 'ok') return true;
  const error = value.error;
  return isObject(error) && KINDS.has(error.kind) && isString(error.message) && isString(error.summary);
}

function isReport(value: unknown): value is BridgeReport {
  return (
    isObject(value) &&
    (value.context === 'script' || value.context === 'module') &&
    (value.loky === 'loky' || value.loky === 'joblib.externals.loky') &&
    isString(value.lokyVersion) &&
    isString(value.python) &&
    Array.isArray(value.results) &&
    value.results.every(isModeResult)
  );
}

function isProblem(value: unknown): value is InputProblem {
  return isObject(value) && isString(value.code) && isString(value.message);
}

/** A line of the bridge's stdout as a message, checked field by field; undefined when it is not one. */
export function parseBridgeMessage(line: string): BridgeMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'progress':
      return isProgress(value.progress) ? { type: 'progress', progress: value.progress } : undefined;
    case 'report':
      return isReport(value.report) ? { type: 'report', report: value.report } : undefined;
    case 'input-problem':
      return isProblem(value.problem) ? { type: 'input-problem', problem: value.problem } : undefined;
    case 'crash':
      return isString(value.message) && isString(value.traceback)
        ? { type: 'crash', message: value.message, traceback: value.traceback }
        : undefined;
    default:
      return undefined;
  }
}
