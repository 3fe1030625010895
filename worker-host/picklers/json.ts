import { parse, stringify } from 'flatted';
import { isJsonTree } from './json-tree';
import { formatFailure, lossyPickler } from './lossy-pickler';

/** Marks a payload written by plain JSON.stringify; flatted's own text always starts with '['. */
const PLAIN_JSON = 'J';

/**
 * `json`: flatted (JSON with cycles and shared references), the common RPC/IPC path. A value that is a
 * plain tree (no shared or cyclic references) is written by JSON.stringify itself: what it delivers is
 * the same, and it costs a fraction of flatted's walk on large data.
 */
export const jsonPickler = lossyPickler('json', {
  encode(envelope, path) {
    try {
      const text = isJsonTree(envelope) ? PLAIN_JSON + JSON.stringify(envelope) : stringify(envelope);
      return Buffer.from(text, 'utf8');
    } catch (error) {
      throw formatFailure('json', path, error);
    }
  },
  decode(bytes) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return (text.startsWith(PLAIN_JSON) ? JSON.parse(text.slice(1)) : parse(text)) as never;
  },
});
