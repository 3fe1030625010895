// loky's "serialization of un-picklable objects" example, in TypeScript.
// funcAsync is defined here but not exported: the twin of a function defined in Python's __main__.

/** @profileArgs 21, largeList */
function funcAsync(i: number, ...args: unknown[]): number {
  return 2 * i;
}

/** @profileArgs 21, largeList */
export function funcAsyncExported(i: number, ...args: unknown[]): number {
  return 2 * i;
}

const largeList: number[] = Array.from({ length: 1_000_000 }, (_, i) => i);

export const scaleAll = (values: number[], factor: number): number[] => values.map((v) => v * factor);

export class Histogram {
  constructor(readonly bins: number) {}

  /** @profileArgs [1, 2, 2, 3] */
  count(values: number[]): number[] {
    const out = new Array<number>(this.bins).fill(0);
    for (const v of values) out[Math.min(this.bins - 1, Math.max(0, Math.floor(v)))]++;
    return out;
  }
}
