import { performance } from 'node:perf_hooks';
import { median } from './measure';

/** One contender's rounds: the figure of each (tasks per second), in round order. */
export type Rates = Map<string, number[]>;

/**
 * Runs every contender `warmup` times untimed, then `rounds` timed rounds in which each runs once, back to back,
 * each round starting one contender further on: a burst of load on the machine, and the cost of coming right
 * after a given peer, fall on all of them alike. Each round's figure is `tasks` ÷ its wall time (tasks/s).
 */
export async function interleavedRates(
  contenders: [string, () => Promise<unknown>][],
  tasks: number,
  rounds: number,
  warmup: number,
): Promise<Rates> {
  for (let round = 0; round < warmup; round++) for (const [, once] of rotated(contenders, round)) await once();
  const rates: Rates = new Map(contenders.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, once] of rotated(contenders, round)) {
      const start = performance.now();
      await once();
      rates.get(name)!.push(tasks / ((performance.now() - start) / 1000));
    }
  }
  return rates;
}

function rotated<T>(items: T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Ours ÷ peer per round (the pair ran back to back), summarised: median, quartiles, and the ratio of medians. */
export function roundRatios(
  ours: readonly number[],
  peer: readonly number[],
): { median: number; low: number; high: number; ofMedians: number } {
  const ratios = ours.map((rate, round) => rate / (peer[round] as number)).sort((a, b) => a - b);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.round(q * (ratios.length - 1)))] as number;
  return { median: median(ratios), low: at(0.25), high: at(0.75), ofMedians: median(ours) / median(peer) };
}
