import { deliveryDifferences } from '../../picklers/delivery-differences';
import { deliversUnchanged } from '../../picklers/loss-walk';
import type { Finding } from '../preload/findings';

/**
 * What a JSON channel changes in the message (Map → {}, Date → string, undefined dropped …): the message sent
 * through JSON for real and compared with what comes back, by our value walks. Plain data is passed over quickly.
 */
export function jsonFindings(payload: unknown): Finding[] {
  if (deliversUnchanged(payload, '', 'json')) return [];
  let arrived: unknown;
  try {
    arrived = JSON.parse(JSON.stringify(payload) ?? 'null');
  } catch {
    return []; // a value JSON refuses is a failure of the send, recorded as such
  }
  return deliveryDifferences(payload, arrived, '').map((warning) => ({
    kind: 'json-changed-value' as const,
    path: warning.path,
    bytes: 0,
    message: `the JSON channel changes this value: ${warning.message}`,
    fix: "convert it explicitly before sending (a Map to [...map] or Object.fromEntries(map), a Date to its ISO string, a Set to [...set]), or fork the child with { serialization: 'advanced' }",
  }));
}
