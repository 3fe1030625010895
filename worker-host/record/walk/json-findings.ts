import { checkLoss } from './loss-check';
import type { ValueWarning } from '../../protocol/report';
import type { Finding } from '../preload/findings';

/** What a JSON channel changes in the message (Map → {}, Date → string, undefined dropped …), by our loss walk. */
export function jsonFindings(payload: unknown): Finding[] {
  const warnings: ValueWarning[] = [];
  try {
    checkLoss(payload, '', 'json', warnings);
  } catch (error) {
    const refused = error as { path?: string; message: string };
    warnings.push({ path: refused.path ?? '', message: refused.message });
  }
  return warnings.map((warning) => ({
    kind: 'json-changed-value' as const,
    path: warning.path,
    bytes: 0,
    message: `the JSON channel changes this value: ${warning.message}`,
    fix: "convert it explicitly before sending (a Map to [...map] or Object.fromEntries(map), a Date to its ISO string, a BigInt to a string), or fork the child with { serialization: 'advanced' }",
  }));
}

