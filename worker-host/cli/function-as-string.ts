import { FUNCTION_AS_STRING_HEAD, functionAsStringNote } from '../../shared/function-as-string';
import type { ProfileReport } from '../protocol/report';
import { shownPath } from './shown-path';

/** The line under the table on workerpool's `pool.exec(fn, args)`, which sends the function as its text. */
export function functionAsStringLine(report: ProfileReport, cwd: string): string | undefined {
  const note = functionAsStringNote(report, (file) => shownPath(file, cwd));
  return note && `${FUNCTION_AS_STRING_HEAD} ${note.text}`;
}
