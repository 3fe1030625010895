import { DEFAULT_SAMPLE_EVERY, DEFAULT_SAMPLE_FIRST, SAMPLE_EVERY_VARIABLE, SAMPLE_VARIABLE } from '../trace-events';

/**
 * The first `first` messages of a site are measured in full; then one in `every` for SAMPLES_PER_STEP messages
 * measured, one in 2 × `every` for as many more, and so on: a measured message costs about three sends of it
 * (serialized aside, read back, walked), so a long-running site is measured a number of times that grows with
 * the logarithm of its count, not in proportion to it.
 */
export interface SamplingPolicy {
  first: number;
  every: number;
}

/** Measured messages at each interval before the interval doubles. */
export const SAMPLES_PER_STEP = 16;

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

/**
 * How many messages the `ordinal`-th message of a site stands for when it is measured (itself and the unmeasured
 * ones since the previous measured one), or 0 when it is not measured.
 */
export function measuredWeight(policy: SamplingPolicy, ordinal: number): number {
  if (ordinal <= policy.first) return 1;
  let after = ordinal - policy.first;
  let interval = policy.every;
  // Each step covers SAMPLES_PER_STEP intervals; the intervals double from one step to the next.
  while (after > SAMPLES_PER_STEP * interval) {
    after -= SAMPLES_PER_STEP * interval;
    interval *= 2;
  }
  return after % interval === 0 ? interval : 0;
}

/** The ordinal of the first message measured after the `ordinal`-th (0: the first measured of all). */
export function nextMeasured(policy: SamplingPolicy, ordinal: number): number {
  if (ordinal < policy.first) return ordinal + 1;
  let start = policy.first;
  let interval = policy.every;
  // The step holding `ordinal` measures start + interval, start + 2 × interval, … start + SAMPLES_PER_STEP × interval.
  for (;;) {
    const end = start + SAMPLES_PER_STEP * interval;
    if (ordinal < end) return start + (Math.floor((ordinal - start) / interval) + 1) * interval;
    start = end;
    interval *= 2;
  }
}
