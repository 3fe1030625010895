import { deliveryDifferences } from '../../picklers/delivery-differences';
import { deliversUnchanged, refusalAt } from '../../picklers/loss-walk';
import type { ValueWarning } from '../../protocol/report';
import type { Finding } from '../preload/findings';
import { refusedBy } from './channel-formats';

/** What a JSON channel changes in the message (Map → {}, Date → string, undefined dropped …): what really arrives. */
export function jsonFindings(payload: unknown): Finding[] {
  let warnings: ValueWarning[];
  try {
    if (deliversUnchanged(payload, '', 'json')) return [];
    warnings = deliveryDifferences(payload, JSON.parse(JSON.stringify(payload) ?? 'null'), '');
  } catch (error) {
    const refused = refusalAt(payload, '', 'json', refusedBy('json'), error);
    warnings = [{ path: refused.path ?? '', message: refused.message }];
  }
  return warnings.map((warning) => ({
    kind: 'json-changed-value' as const,
    path: warning.path,
    bytes: 0,
    message: `the JSON channel changes this value: ${warning.message}`,
    fix:
      'convert it explicitly before sending (a Map to [...map] or Object.fromEntries(map), a Date to its ' +
      "ISO string, a BigInt to a string), or fork the child with { serialization: 'advanced' }",
  }));
}
