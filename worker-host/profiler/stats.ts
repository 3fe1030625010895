import type { Stat } from '../protocol/report';

/** Median (mean of the middle two for an even count), min and max of a non-empty list of milliseconds. */
export function summarize(values: readonly number[]): Stat {
  if (values.length === 0) throw new RangeError('summarize needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
