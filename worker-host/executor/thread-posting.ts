/** Payloads at least this large move between threads by transfer; smaller ones are cheaper to copy. */
const TRANSFER_MIN_BYTES = 64 * 1024;

/**
 * A message to post to or from a thread, its bytes in an ArrayBuffer of their own (posting a view clones the
 * whole buffer under it, a pooled one included), with that buffer in the transfer list when it is large.
 */
export function forPosting<M extends object>(message: M): [M, ArrayBuffer[]] {
  const carried = (message as { bytes?: Uint8Array }).bytes;
  if (!carried) return [message, []];
  const bytes = ownedBuffer(carried);
  const posted = bytes === carried ? message : { ...message, bytes };
  return [posted, bytes.byteLength >= TRANSFER_MIN_BYTES ? [bytes.buffer as ArrayBuffer] : []];
}

/** Bytes in an ArrayBuffer of their own, so the buffer can be posted or transferred without others' memory. */
function ownedBuffer(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  if (whole && bytes.buffer instanceof ArrayBuffer) return bytes;
  return new Uint8Array(bytes);
}
