import type { HostFailure } from '../protocol/host-messages';
import type { ProfileProgress, ProfileReport, ProfileRequest } from '../protocol/report';

/** The worker host's main thread → a module thread (./module-threads.ts → ./module-thread.ts). */
export type ToModuleThread =
  { type: 'warm' } | { type: 'profile'; id: number; request: ProfileRequest } | { type: 'cancel'; id: number };

/** A module thread → the worker host's main thread. `warm`: it is ready for a first file;
 * `stale`: it loaded another version of the file, and did not run the profile. */
export type FromModuleThread =
  | { type: 'warm' }
  | { type: 'stale'; id: number }
  | { type: 'progress'; id: number; progress: ProfileProgress }
  | { type: 'report'; id: number; report: ProfileReport }
  | { type: 'failure'; id: number; failure: HostFailure };
