import { isAbsolute, relative } from 'node:path';

/** `file` relative to `cwd` when it lies under it, else as given. */
export function shownPath(file: string, cwd: string): string {
  const fromCwd = relative(cwd, file);
  return isAbsolute(file) && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : file;
}
