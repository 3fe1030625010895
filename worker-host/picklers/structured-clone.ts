import { Deserializer, Serializer } from 'node:v8';
import { lossyPickler, type Envelope } from './lossy-pickler';

/**
 * `structured-clone`: V8's own serializer with no Node additions, as `postMessage` and `structuredClone` use
 * it (v8.serialize would differ: it rebuilds Buffers as Buffers where postMessage delivers a Uint8Array).
 * What V8 cannot carry it refuses (functions, symbols); what it carries differently is reported.
 */
export const structuredClonePickler = lossyPickler('structured-clone', {
  encode(envelope) {
    const serializer = new Serializer();
    serializer.writeHeader();
    serializer.writeValue(envelope);
    return serializer.releaseBuffer();
  },
  decode(bytes) {
    const deserializer = new Deserializer(bytes);
    deserializer.readHeader();
    return deserializer.readValue() as Envelope;
  },
});
