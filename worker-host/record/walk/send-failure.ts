import { refusalAt } from '../../picklers/loss-walk';
import type { SourceLocation } from '../../protocol/report';
import type { WireFormat } from '../preload/channels';

export interface FailureFacts {
  kind: string;
  message: string;
  path: string | null;
  location: SourceLocation | null;
}

/** Whether the channel refuses `part` on its own: structuredClone is postMessage's serializer; JSON is JSON. */
function refusalOf(format: WireFormat): (part: unknown) => unknown {
  return (part) => {
    try {
      if (format === 'json') JSON.stringify(part);
      else structuredClone(part);
      return undefined;
    } catch (error) {
      return error;
    }
  };
}

/**
 * Whether `error`, thrown by a send, is the channel refusing the value (not, say, a closed channel), and if so
 * which part of the value it refused and where that part's function or class is defined, found by our value walk.
 */
export function sendFailure(error: unknown, payload: unknown, format: WireFormat): FailureFacts | undefined {
  if (!(error instanceof Error)) return undefined;
  const refusal = error.name === 'DataCloneError' || (format === 'json' && error instanceof TypeError && /JSON|BigInt|circular/i.test(error.message));
  if (!refusal) return undefined;
  const found = refusalAt(payload, '', format === 'json' ? 'json' : 'structured-clone', refusalOf(format), error);
  return {
    kind: error.name,
    message: firstLine(error.message),
    path: found.path ?? null,
    location: found.location ?? null,
  };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
