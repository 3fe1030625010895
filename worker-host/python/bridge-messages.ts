import type { InputProblem } from '../protocol/input-problem';
import type { ModeResult, ProfileProgress, PythonRunInfo } from '../protocol/report';

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
