import type { FoundFunction, FunctionSite } from '../protocol/functions';

/** Python sites carry only their name's position: a function runs until the next site or the end of the file. */
export function withPythonSpans(sites: FunctionSite[], lineCount: number): FoundFunction[] {
  const sorted = [...sites].sort((a, b) => a.line - b.line);
  return sorted.map((site, i) => ({
    ...site,
    statementStart: { line: site.line, column: 1 },
    end: { line: Math.max(site.line, (sorted[i + 1]?.line ?? lineCount + 1) - 1), column: 1 },
  }));
}
