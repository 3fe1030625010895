/**
 * The verdict on workerpool's `pool.exec(fn, args)`, which sends the function as its text, as one sentence: the CLI
 * table and Markdown print it under the table, the results panel shows it under its own.
 */
import type { LostBinding, ProfileReport } from './report';

export const FUNCTION_AS_STRING_HEAD = "workerpool's pool.exec(fn):";

export interface FunctionAsStringNote {
  runs: boolean;
  /** What follows the head: the outcome, why, and what to do. */
  text: string;
}

/** `shownPath` writes a definition's file as the view shows paths (relative to the working folder or workspace). */
export function functionAsStringNote(
  report: ProfileReport,
  shownPath: (file: string) => string,
): FunctionAsStringNote | undefined {
  const verdict = report.functionAsString;
  if (!verdict) return undefined;
  if (verdict.syntaxError) {
    return {
      runs: false,
      text:
        `fails with "${verdict.syntaxError}": it rebuilds the function from its text with new Function, ` +
        'and this text is not a function expression on its own; register it in a worker file instead ' +
        `(workerpool.worker({ ${report.function.split('.').pop()} })).`,
    };
  }
  if (verdict.verdict === 'runs')
    return {
      runs: true,
      text: 'runs: the function reads no binding of its module or a closure, so its text stands alone.',
    };
  const [first] = verdict.lost;
  const lost = verdict.lost.map((binding) => describe(binding, shownPath)).join(', ');
  return {
    runs: false,
    text:
      `fails with "ReferenceError: ${first!.name} is not defined" when it reads ${first!.name}: it rebuilds ` +
      `the function from its text with new Function, which loses ${lost}; ` +
      `register it in a worker file (workerpool.worker({ … })) or pass them as arguments.`,
  };
}

function describe(binding: LostBinding, shownPath: (file: string) => string): string {
  const what =
    binding.kind === 'import'
      ? `an import${binding.from ? ` of ${binding.from}` : ''}`
      : binding.kind === 'module'
        ? 'module-level'
        : 'a closure variable';
  const where = binding.location
    ? `, ${shownPath(binding.location.file)}:${binding.location.line}:${binding.location.column}`
    : '';
  return `${binding.name} (${what}${where})`;
}
