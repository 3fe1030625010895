import { serialize } from 'node:v8';
import { deliveryDifferences } from '../../picklers/delivery-differences';
import { deliversUnchanged, refusalAt, type LossyMode } from '../../picklers/loss-walk';
import type { ValueWarning } from '../../protocol/report';

/** The channel itself: JSON text (child_process 'json') or v8's structured clone; throws what the channel throws. */
function encode(value: unknown, mode: LossyMode): string | Uint8Array {
  return mode === 'json' ? (JSON.stringify(value) ?? 'null') : serialize(value);
}

/**
 * What `mode` does to a message: pushes a warning per changed place (compared with what really arrives), or
 * throws the refusal with the refused value's path and the definition of its function or class.
 */
export function checkLoss(value: unknown, path: string, mode: LossyMode, warnings: ValueWarning[] | undefined): void {
  const unchanged = deliversUnchanged(value, path, mode);
  let bytes: string | Uint8Array;
  try {
    bytes = encode(value, mode);
  } catch (error) {
    const refuses = (part: unknown): unknown => {
      try {
        encode(part, mode);
        return undefined;
      } catch (refusal) {
        return refusal;
      }
    };
    throw refusalAt(value, path, mode, refuses, error);
  }
  if (unchanged || !warnings || mode !== 'json') return;
  warnings.push(...deliveryDifferences(value, JSON.parse(bytes as string) as unknown, path));
}
