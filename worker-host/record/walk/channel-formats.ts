import { serialize } from 'node:v8';
import type { LossyMode } from '../../picklers/loss-walk';

/** What a channel does to a value: JSON for a `serialization: 'json'` fork, V8's serializer for postMessage. */
export function encodeAs(mode: LossyMode, value: unknown): unknown {
  return mode === 'json' ? JSON.stringify(value) : serialize(value);
}

/** The channel's own refusal of a part of a message, or undefined when it carries that part. */
export function refusedBy(mode: LossyMode): (part: unknown) => unknown {
  return (part) => {
    try {
      encodeAs(mode, part);
      return undefined;
    } catch (error) {
      return error;
    }
  };
}
