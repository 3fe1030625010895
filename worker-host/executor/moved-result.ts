/**
 * piscina's and tinypool's `move(value)` wrap a task's result so that the pool transfers its buffers; the pool
 * sends the wrapped value, never the wrapper. Their markers: `Symbol.for('<Pool>.transferable')` and
 * `Symbol.for('<Pool>.valueOf')`, and an own symbol `<Pool>.kMovable` set to true by `move`.
 */
const POOLS = ['Piscina', 'Tinypool'].map((pool) => ({
  transferable: Symbol.for(`${pool}.transferable`),
  valueOf: Symbol.for(`${pool}.valueOf`),
  movable: `${pool}.kMovable`,
}));

/** The value a pool would send for `result`: the moved value itself when `result` is a pool's `move()` wrapper. */
export function unwrapMoved(result: unknown): unknown {
  if (typeof result !== 'object' || result === null) return result;
  try {
    return movedValue(result);
  } catch {
    // A value that cannot even be looked at (a revoked proxy, a trapping one) is no pool's wrapper: sending it
    // fails as result-serialize, as it would without us.
    return result;
  }
}

function movedValue(result: object): unknown {
  const fields = result as Record<symbol, unknown>;
  for (const pool of POOLS) {
    if (!(pool.valueOf in result) || !(pool.transferable in result)) continue;
    const moved = Object.getOwnPropertySymbols(result).some(
      (key) => key.description === pool.movable && fields[key] === true,
    );
    if (moved) return fields[pool.valueOf];
  }
  return result;
}
