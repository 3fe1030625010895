import { refusalAt } from '../../picklers/loss-walk';
import type { SourceLocation } from '../../protocol/report';
import type { WireFormat } from '../preload/channels';
import { originalLocation } from '../preload/source-position';
import { refusedBy } from './channel-formats';

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
  const refusal =
    error.name === 'DataCloneError' ||
    (format === 'json' && error instanceof TypeError && /JSON|BigInt|circular/i.test(error.message));
  if (!refusal) return undefined;
  const facts: FailureFacts = { kind: error.name, message: firstLine(error.message), path: null, location: null };
  const mode = format === 'json' ? 'json' : 'structured-clone';
  const refused = refusalAt(payload, '', mode, refusedBy(mode), error);
  if (refused.path !== undefined) facts.path = refused.path;
  if (refused.location) facts.location = originalLocation(refused.location);
  return facts;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
