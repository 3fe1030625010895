import { SCALARS_MAX_COUNT, SCALARS_MAX_STRING_UNITS } from './thresholds';

/**
 * A short list of primitives (undefined, null, booleans, numbers, strings) in a fixed binary layout, read and
 * written without v8 serialization, whose fixed cost dominates a trivial task's arguments and result.
 *   per value: u8 tag, then nothing (undefined, null, false, true), i32 (an int32), f64 (any other number,
 *   -0 and NaN included), or u32 length + UTF-16 code units (a string, lone surrogates kept).
 */
const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const INT32 = 4;
const FLOAT64 = 5;
const STRING = 6;

const isInt32 = (n: number): boolean => (n | 0) === n && !Object.is(n, -0);

/** The byte size of `values` in this layout, or undefined when one of them is not such a primitive. */
export function scalarsSize(values: readonly unknown[]): number | undefined {
  if (values.length > SCALARS_MAX_COUNT) return undefined;
  let size = 0;
  let stringUnits = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    switch (typeof value) {
      case 'undefined':
      case 'boolean':
        size += 1;
        break;
      case 'number':
        size += isInt32(value) ? 5 : 9;
        break;
      case 'string':
        stringUnits += value.length;
        if (stringUnits > SCALARS_MAX_STRING_UNITS) return undefined;
        size += 5 + value.length * 2;
        break;
      case 'object':
        if (value !== null) return undefined;
        size += 1;
        break;
      default:
        return undefined;
    }
  }
  return size;
}

/** Writes `values` (sized by scalarsSize) into `target` at `offset`. */
export function writeScalars(values: readonly unknown[], target: Uint8Array, offset: number): void {
  const bytes = Buffer.isBuffer(target) ? target : Buffer.from(target.buffer, target.byteOffset, target.byteLength);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === undefined) bytes[offset++] = UNDEFINED;
    else if (value === null) bytes[offset++] = NULL;
    else if (value === false) bytes[offset++] = FALSE;
    else if (value === true) bytes[offset++] = TRUE;
    else if (typeof value === 'number') {
      if (isInt32(value)) {
        bytes[offset] = INT32;
        offset = bytes.writeInt32LE(value, offset + 1);
      } else {
        bytes[offset] = FLOAT64;
        offset = bytes.writeDoubleLE(value, offset + 1);
      }
    } else {
      const text = value as string;
      bytes[offset] = STRING;
      offset = bytes.writeUInt32LE(text.length, offset + 1);
      offset += bytes.write(text, offset, 'utf16le');
    }
  }
}

/** Reads the values written by writeScalars, filling the whole of `input`. */
export function readScalars(input: Uint8Array): unknown[] {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const values: unknown[] = [];
  const end = bytes.byteLength;
  let offset = 0;
  while (offset < end) {
    const tag = bytes[offset++];
    switch (tag) {
      case UNDEFINED:
        values.push(undefined);
        break;
      case NULL:
        values.push(null);
        break;
      case FALSE:
        values.push(false);
        break;
      case TRUE:
        values.push(true);
        break;
      case INT32:
        values.push(bytes.readInt32LE(offset));
        offset += 4;
        break;
      case FLOAT64:
        values.push(bytes.readDoubleLE(offset));
        offset += 8;
        break;
      case STRING: {
        const units = bytes.readUInt32LE(offset);
        offset += 4;
        values.push(bytes.toString('utf16le', offset, offset + units * 2));
        offset += units * 2;
        break;
      }
      default:
        throw new Error(`corrupt payload: unknown scalar tag ${String(tag)} at byte ${offset - 1}`);
    }
  }
  if (offset !== end) throw new Error(`corrupt payload: the scalars end at byte ${offset}, not ${end}`);
  return values;
}
