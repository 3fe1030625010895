import { PICKLER_MODES, type PicklerMode } from '../../../shared/report';
import type { ProfileRequest } from '../../../worker-host/protocol/report';

/** A one-round profile of `functionName` in `file` under `modes` (every JavaScript mode unless given), on threads. */
export const oneRoundOnThreads = (
  file: string,
  functionName: string,
  argsExpression = '',
  modes: readonly PicklerMode[] = PICKLER_MODES,
): ProfileRequest => ({
  file,
  functionName,
  argsExpression,
  modes: [...modes],
  repeat: 1,
  warmup: 0,
  backend: 'thread',
  timeoutMs: 30_000,
});

/** A one-round profile of `functionName` in `file` under every JavaScript mode, on thread workers. */
export const everyModeOnThreads = (file: string, functionName: string, argsExpression = ''): ProfileRequest =>
  oneRoundOnThreads(file, functionName, argsExpression);
