import { performance } from 'node:perf_hooks';
import { median } from './measure';

/** Each contender's rounds, in round order: tasks per second, and CPU time of the whole process per task (µs). */
export type Rates = Map<string, { rates: number[]; cpu: number[] }>;

/**
 * Runs every contender `warmup` times untimed, then `rounds` timed rounds in which each runs once, back to back,
 * each round starting one contender further on: a burst of load on the machine, and the cost of coming right
 * after a given peer, fall on all of them alike. Each round's figure is `tasks` ÷ its wall time (tasks/s), and the
 * CPU time the process used meanwhile (every thread: the pool's workers run in it) per task.
 */
export async function interleavedRates(
  contenders: [string, () => Promise<unknown>][],
  tasks: number,
  rounds: number,
  warmup: number,
): Promise<Rates> {
  for (let round = 0; round < warmup; round++) for (const [, once] of rotated(contenders, round)) await once();
  const rates: Rates = new Map(contenders.map(([name]) => [name, { rates: [], cpu: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, once] of rotated(contenders, round)) {
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      await once();
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuBefore);
      rates.get(name)!.rates.push(tasks / (ms / 1000));
      rates.get(name)!.cpu.push((cpu.user + cpu.system) / tasks);
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

/** Ours ÷ peer of the CPU time per task (all threads of the process), median of the round-by-round ratios. */
export function cpuRatio(ours: readonly number[], peer: readonly number[]): number {
  return median(ours.map((us, round) => us / (peer[round] as number)));
}
