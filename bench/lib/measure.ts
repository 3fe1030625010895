import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `once` warm-up times, then `rounds` times; the median wall time in milliseconds. */
export async function medianMs(once: () => Promise<unknown>, rounds: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * Interleaved rounds of two contenders, so drift in the machine's load hits both alike: medians, minimums (the
 * estimate least hurt by a busy machine), and the median of the round-by-round ratios a ÷ b (each round's pair
 * ran back to back, so a burst of load on the machine mostly cancels out of its ratio). `warmup` untimed rounds
 * of each come first, alike for both.
 */
export async function paired(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  rounds: number,
  warmup = 1,
): Promise<{ medians: [number, number]; minimums: [number, number]; ratio: number; ratios: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const [once, times] of (i % 2
      ? [
          [b, timesB],
          [a, timesA],
        ]
      : [
          [a, timesA],
          [b, timesB],
        ]) as [() => Promise<unknown>, number[]][]) {
      const start = performance.now();
      await once();
      times.push(performance.now() - start);
    }
  }
  return {
    medians: [median(timesA), median(timesB)],
    minimums: [Math.min(...timesA), Math.min(...timesB)],
    ratio: median(timesA.map((time, index) => time / (timesB[index] as number))),
    ratios: timesA.map((time, index) => time / (timesB[index] as number)),
  };
}

/** Each contender's round times in milliseconds, or why it stopped (the text of its failure). */
export type RoundTimes = Map<string, number[] | string>;

/**
 * Rounds in which every contender runs once, back to back, each round starting one contender further on, so a
 * change in the machine's load, and the cost of coming after a given peer, fall on all of them alike. A
 * contender may give its own measure of a round (a number it resolves with); otherwise its wall time counts. A
 * contender that fails is dropped from the later rounds, its entry the text of the failure.
 */
export async function interleavedRounds(
  contenders: Map<string, () => Promise<unknown>>,
  rounds: number,
  warmup: number,
  describeFailure: (error: unknown) => string,
): Promise<RoundTimes> {
  const times: RoundTimes = new Map([...contenders.keys()].map((name) => [name, []]));
  const order = [...contenders];
  for (let round = 0; round < warmup + rounds; round++) {
    const shift = round % order.length;
    for (const [name, once] of [...order.slice(shift), ...order.slice(0, shift)]) {
      const samples = times.get(name);
      if (typeof samples === 'string') continue;
      try {
        const start = performance.now();
        const own = await once();
        if (round >= warmup) samples!.push(typeof own === 'number' ? own : performance.now() - start);
      } catch (error) {
        times.set(name, describeFailure(error));
      }
    }
  }
  return times;
}

/** The median of round-by-round ratios ours ÷ peer (each round's contenders ran back to back). */
export function roundRatio(ours: readonly number[], peer: readonly number[]): number {
  return median(ours.map((ms, round) => ms / (peer[round] as number)));
}
