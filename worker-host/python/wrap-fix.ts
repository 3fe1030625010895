import type { FunctionSite } from '../protocol/functions';
import type { PythonRunInfo } from '../protocol/report';
import { blankStringsAndComments } from './source-text';

import type { LineInsert } from '../protocol/host-messages';

export type { LineInsert };

const IMPORT = /^(?:import[ \t]|from[ \t]+\S+[ \t]+import[ \t])/;

/** Where loky's wrapper is imported from: the `loky` package, or joblib (which re-exports it). */
function importLine(loky: PythonRunInfo['loky']): string {
  return loky === 'loky'
    ? 'from loky import wrap_non_picklable_objects'
    : 'from joblib import wrap_non_picklable_objects';
}

/**
 * The edit that decorates a top-level function with `@wrap_non_picklable_objects` (and imports it), so that
 * loky's pickle mode sends it by value: the fix for a function that workers cannot import, such as one defined
 * in a script run as `__main__`. Methods are left alone (the wrapper does not bind to instances).
 */
export function wrapNonPicklableEdit(source: string, site: FunctionSite, loky: PythonRunInfo['loky']): LineInsert[] {
  if (site.kind !== 'function') return [];
  const { lines, strings, continued } = blankStringsAndComments(source);
  const newline = source.includes('\r\n') ? '\r\n' : '\n';
  let first = site.line - 1;
  while (first > 0 && /^[ \t]*@/.test(lines[first - 1])) first -= 1;
  const decorators = lines.slice(first, site.line - 1).join('\n');
  if (/@[ \t]*(?:\w+\.)*wrap_non_picklable_objects\b/.test(decorators)) return [];
  const edits: LineInsert[] = [{ line: first + 1, text: `@wrap_non_picklable_objects${newline}` }];
  const imported = lines.some((line) =>
    /^(?:from[ \t]+\S+[ \t]+import[ \t].*\bwrap_non_picklable_objects\b)/.test(line),
  );
  if (!imported) {
    let lastImport = -1;
    lines.forEach((line, index) => {
      if (!continued[index] && IMPORT.test(line) && index < first) lastImport = index;
    });
    // Python wants the module docstring first (and `from __future__` imports right after it, met as imports).
    const firstCode = lines.findIndex((line) => line.trim() !== '');
    const docstring = firstCode >= 0 && strings.some((literal) => literal.line === firstCode && literal.startsLine);
    let after = lastImport >= 0 ? lastImport + 1 : docstring ? firstCode + 1 : 0;
    while (after < lines.length && continued[after]) after += 1;
    edits.unshift({ line: after + 1, text: `${importLine(loky)}${newline}` });
  }
  return edits;
}
