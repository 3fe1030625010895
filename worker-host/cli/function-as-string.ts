import type { LostBinding, ProfileReport } from '../protocol/report';
import { shownPath } from './shown-path';

/** The line under the table on workerpool's `pool.exec(fn, args)`, which sends the function as its text. */
export function functionAsStringLine(report: ProfileReport, cwd: string): string | undefined {
  const verdict = report.functionAsString;
  if (!verdict) return undefined;
  const head = "workerpool's pool.exec(fn):";
  if (verdict.syntaxError) {
    return (
      `${head} fails with "${verdict.syntaxError}": it rebuilds the function from its text with new Function, ` +
      'and this text is not a function expression on its own; register it in a worker file instead ' +
      `(workerpool.worker({ ${report.function.split('.').pop()} })).`
    );
  }
  if (verdict.verdict === 'runs')
    return `${head} runs: the function reads no binding of its module or a closure, so its text stands alone.`;
  const [first] = verdict.lost;
  const lost = verdict.lost.map((binding) => describe(binding, cwd)).join(', ');
  return (
    `${head} fails with "ReferenceError: ${first!.name} is not defined" when it reads ${first!.name}: it rebuilds ` +
    `the function from its text with new Function, which loses ${lost}; ` +
    `register it in a worker file (workerpool.worker({ … })) or pass them as arguments.`
  );
}

function describe(binding: LostBinding, cwd: string): string {
  const what =
    binding.kind === 'import'
      ? `an import${binding.from ? ` of ${binding.from}` : ''}`
      : binding.kind === 'module'
        ? 'module-level'
        : 'a closure variable';
  const where = binding.location
    ? `, ${shownPath(binding.location.file, cwd)}:${binding.location.line}:${binding.location.column}`
    : '';
  return `${binding.name} (${what}${where})`;
}
