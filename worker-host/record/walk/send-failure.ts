import { checkLoss } from './loss-check';
import type { SourceLocation } from '../../protocol/report';
import type { WireFormat } from '../preload/channels';

export interface FailureFacts {
  kind: string;
  message: string;
  path: string | null;
  location: SourceLocation | null;
}

/**
 * Whether `error`, thrown by a send, is the channel refusing the value (not, say, a closed channel), and if so
 * which value it refused and where that value's function or class is defined, found by our loss walk.
 */
export function sendFailure(error: unknown, payload: unknown, format: WireFormat): FailureFacts | undefined {
  if (!(error instanceof Error)) return undefined;
  const refusal = error.name === 'DataCloneError' || (format === 'json' && error instanceof TypeError && /JSON|BigInt|circular/i.test(error.message));
  if (!refusal) return undefined;
  const facts: FailureFacts = { kind: error.name, message: firstLine(error.message), path: null, location: null };
  try {
    checkLoss(payload, '', format === 'json' ? 'json' : 'structured-clone', undefined);
  } catch (found) {
    const refused = found as { path?: string; location?: SourceLocation };
    if (refused.path !== undefined) facts.path = refused.path;
    if (refused.location) facts.location = refused.location;
  }
  return facts;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
