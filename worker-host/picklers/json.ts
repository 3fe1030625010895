import { lossyPickler, type Envelope } from './lossy-pickler';

/**
 * `json`: JSON.stringify and JSON.parse, exactly what `child_process` with `serialization: 'json'` (and most
 * RPC) sends: functions and undefined inside data disappear, Maps become `{}`, cycles are refused, and a
 * shared object arrives as separate copies; every such change is reported with its path.
 */
export const jsonPickler = lossyPickler('json', {
  encode(envelope) {
    return Buffer.from(JSON.stringify(envelope), 'utf8');
  },
  decode(bytes) {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as Envelope;
  },
});
