// loky's "serialization of un-picklable objects" example, in JavaScript.
// funcAsync is defined here but not exported: the twin of a function defined in Python's __main__.
// By value it travels as code; by reference the worker cannot import it and the task fails to un-serialize.

/** @profileArgs 21, largeList */
function funcAsync(i, ...args) {
  return 2 * i;
}

/**
 * The same function, exported: by reference the worker imports it from this file.
 * @profileArgs 21, largeList
 */
export function funcAsyncExported(i, ...args) {
  return 2 * i;
}

// A large argument: serializing it costs far more than the work.
const largeList = Array.from({ length: 1_000_000 }, (_, i) => i);

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(funcAsync(21, largeList));
}
