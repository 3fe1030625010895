import { PICKLER_MODES } from '../../../shared/report';
import type { ProfileRequest } from '../../../worker-host/protocol/report';

/** A one-round profile of `functionName` in `file` under every JavaScript mode, on thread workers. */
export const everyModeOnThreads = (file: string, functionName: string, argsExpression = ''): ProfileRequest => ({
  file,
  functionName,
  argsExpression,
  modes: [...PICKLER_MODES],
  repeat: 1,
  warmup: 0,
  backend: 'thread',
  timeoutMs: 30_000,
});
