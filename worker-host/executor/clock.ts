/** A monotonic timestamp, comparable across processes and threads on one machine. */
export const now = (): bigint => process.hrtime.bigint();

/** Milliseconds between two `now()` readings. */
export function elapsedMs(from: bigint, to: bigint): number {
  return Number(to - from) / 1e6;
}
