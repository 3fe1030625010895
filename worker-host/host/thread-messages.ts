import type { HostFailure } from '../protocol/host-messages';
import type { ProfileProgress, ProfileReport, ProfileRequest } from '../protocol/report';

/** The worker host's main thread → a module thread (./module-threads.ts → ./module-thread.ts). */
export type ToModuleThread = { type: 'profile'; id: number; request: ProfileRequest } | { type: 'cancel'; id: number };

/** A module thread → the worker host's main thread. `stale`: this thread loaded another version of the file. */
export type FromModuleThread =
  | { type: 'stale'; id: number }
  | { type: 'progress'; id: number; progress: ProfileProgress }
  | { type: 'report'; id: number; report: ProfileReport }
  | { type: 'failure'; id: number; failure: HostFailure };
