import { distFile } from '../paths';
import { pythonRecorderEnvironment } from './python-recording-env';
import { SAMPLE_VARIABLE, TRACE_DIR_VARIABLE } from './trace-events';

/** What a recorder for one runtime adds to the recorded command's environment. */
export interface RecordingSetup {
  traceDir: string;
  /** `--sample`: a number of messages measured in full per site, `all`, or null for the default. */
  sample: string | null;
  command: readonly string[];
}
export type EnvironmentPart = (setup: RecordingSetup, env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;

/** The Node preload, inherited by every Node process (NODE_OPTIONS) and worker thread of the run. */
export const nodeRecorderEnvironment: EnvironmentPart = (_setup, env) => ({
  ...env,
  NODE_OPTIONS: [env.NODE_OPTIONS, `--require ${quoted(preloadPath())}`].filter(Boolean).join(' '),
});

/**
 * Each runtime's recorder contributes its part here (a Python recorder adds its hook's directory to
 * PYTHONPATH); every part sees the environment the parts before it made.
 */
export const ENVIRONMENT_PARTS: EnvironmentPart[] = [nodeRecorderEnvironment, pythonRecorderEnvironment];

/** The environment of a recorded run: the caller's, with the trace directory, the sampling and every recorder. */
export function recordingEnvironment(setup: RecordingSetup, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  let env: NodeJS.ProcessEnv = { ...base, [TRACE_DIR_VARIABLE]: setup.traceDir };
  if (setup.sample !== null) env[SAMPLE_VARIABLE] = setup.sample;
  for (const part of ENVIRONMENT_PARTS) env = part(setup, env);
  return env;
}

export function preloadPath(): string {
  return distFile('record-preload.js');
}

/** NODE_OPTIONS takes double-quoted values with backslash escapes. */
function quoted(path: string): string {
  return /[\s"\\]/.test(path) ? `"${path.replace(/["\\]/g, '\\$&')}"` : path;
}
