/**
 * Every size threshold of the picklers, in one place, each with the measurement behind it (Node 20, the
 * project's 2-core test machine). Each pickler has one fast path, named here with the threshold it uses:
 *   by-value / by-reference / wrapped: a value with nothing for the marker walk to do skips it
 *     (./graph-fast-path.ts: primitives in the scalar layout without v8 serialization, SCALARS_MAX_*); in the
 *     walk, a long array of numbers is copied as a raw block (NUMERIC_BLOCK_MIN_LENGTH);
 *   structured-clone and json: plain data (./loss-walk.ts) is not decoded again to look for changes (under
 *     structured-clone a typed array or Buffer is judged by an empty one of its class: a 48 MiB Buffer then
 *     costs one serialization, ~0.2 s here, as a real postMessage round trip does, instead of 15 s).
 * The json mode always measures JSON.stringify / JSON.parse, the serializer it models (no faster stand-in).
 */

/**
 * Arrays of at least this many numbers travel as raw Int32/Float64 blocks. Below it the block's header and
 * the marker that points at it cost more than v8 writing the numbers itself (v8 writes a small integer in
 * 1–5 bytes; a block costs 16 bytes of header plus a marker object in the graph).
 */
export const NUMERIC_BLOCK_MIN_LENGTH = 64;

/**
 * Up to this length an array's named (non-index) keys are found by listing its keys (0.19 ms for 4096
 * elements); a longer plain array is first asked in constant time (5 µs whatever its length) whether it has
 * any, since listing the keys of 10⁶ elements takes 0.5 s (./array-keys.ts).
 */
export const NAMED_KEYS_LISTED_UP_TO = 4096;

/** Envelopes smaller than this are slices of Node's buffer pool: cheaper than an allocation of their own. */
export const POOLED_BELOW_BYTES = 4096;

/**
 * Primitive lists (a task's arguments, a result) of at most this many values and this many UTF-16 units of
 * string travel in the scalar layout, without v8 serialization, whose fixed cost is most of a trivial task.
 */
export const SCALARS_MAX_COUNT = 64;
export const SCALARS_MAX_STRING_UNITS = 4096;

/** Function parts up to this size are kept parsed by their bytes, at most this many (a worker runs few functions). */
export const PARSED_FUNCTION_MAX_BYTES = 4096;
export const PARSED_FUNCTIONS_MAX = 256;

/** Warnings kept per value: beyond them one more says how many were left out. */
export const MAX_WARNINGS = 50;

/**
 * json refuses typed arrays and Buffers of more elements than this before writing any text. JSON writes one
 * number per element (3.6 characters a byte on average): a Buffer's toJSON first builds an array of one
 * number per byte, and V8 aborts the whole process (not an exception) past 2²⁷ elements; 150 MB already
 * pass the longest string V8 holds (512 MiB). 64 Mi keeps a margin below both.
 */
export const JSON_MAX_VIEW_ELEMENTS = 64 * 2 ** 20;
