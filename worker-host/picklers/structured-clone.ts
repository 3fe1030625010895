import { deserialize, serialize } from 'node:v8';
import { formatFailure, lossyPickler } from './lossy-pickler';

/** `structured-clone`: v8 serialization as worker_threads and child_process `'advanced'` use it. */
export const structuredClonePickler = lossyPickler('structured-clone', {
  encode(envelope, path) {
    try {
      return serialize(envelope);
    } catch (error) {
      throw formatFailure('structured-clone', path, error);
    }
  },
  decode(bytes) {
    return deserialize(bytes) as never;
  },
});
