import { DEFAULT_SAMPLE_EVERY, DEFAULT_SAMPLE_FIRST, SAMPLE_EVERY_VARIABLE, SAMPLE_VARIABLE } from '../trace-events';

/** The first `first` messages of a site are measured in full, then one in `every`. */
export interface SamplingPolicy {
  first: number;
  every: number;
}

export function samplingFromEnvironment(env: NodeJS.ProcessEnv): SamplingPolicy {
  const first = env[SAMPLE_VARIABLE];
  if (first === 'all') return { first: Infinity, every: 1 };
  return {
    first: positiveOr(first, DEFAULT_SAMPLE_FIRST, 0),
    every: positiveOr(env[SAMPLE_EVERY_VARIABLE], DEFAULT_SAMPLE_EVERY, 1),
  };
}

function positiveOr(text: string | undefined, fallback: number, least: number): number {
  const value = text === undefined ? NaN : Number(text);
  return Number.isInteger(value) && value >= least ? value : fallback;
}

export function isMeasured(policy: SamplingPolicy, ordinal: number): boolean {
  return ordinal <= policy.first || (ordinal - policy.first) % policy.every === 0;
}
