import { ProfileInputError } from '../protocol/input-problem';
import type { ProfileOptions, ProfileReport, ProfileRequest } from '../protocol/report';

type ProfilePython = (request: ProfileRequest, options?: ProfileOptions) => Promise<ProfileReport>;

/**
 * Python files go to the Python profiler (real loky in a Python process). It is loaded on first use only, so
 * JavaScript profiling never pays for it, and a build without it still profiles JavaScript.
 */
export function profilePythonFile(request: ProfileRequest, options: ProfileOptions): Promise<ProfileReport> {
  let profilePython: ProfilePython | undefined;
  try {
    // A require in a try block: the bundler includes the module when it exists and leaves the build working when not.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    profilePython = (require('../python/index') as { profilePython?: ProfilePython }).profilePython;
  } catch {
    profilePython = undefined;
  }
  if (typeof profilePython !== 'function') {
    return Promise.reject(
      new ProfileInputError({
        code: 'python-unavailable',
        message: `${request.file}: Python files are not supported by this build of the profiler.`,
      }),
    );
  }
  return profilePython(request, options);
}
