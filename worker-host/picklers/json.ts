import { parse, stringify } from 'flatted';
import { formatFailure, lossyPickler } from './lossy-pickler';

/** `json`: flatted (JSON with cycles and shared references), the common RPC/IPC path. */
export const jsonPickler = lossyPickler('json', {
  encode(envelope, path) {
    try {
      return Buffer.from(stringify(envelope), 'utf8');
    } catch (error) {
      throw formatFailure('json', path, error);
    }
  },
  decode(bytes) {
    return parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as never;
  },
});
