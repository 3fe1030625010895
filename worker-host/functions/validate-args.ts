import ts from 'typescript';

/**
 * Checks that an argument expression list (`21, largeList`) parses, without running it.
 * Returns a one-line message for the first syntax error, or undefined when it parses.
 */
export function argsSyntaxError(expression: string): string | undefined {
  if (expression.trim() === '') return undefined;
  const prefix = 'profileArgs(';
  const { diagnostics } = ts.transpileModule(`${prefix}${expression}\n);`, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.Latest, module: ts.ModuleKind.ESNext },
    fileName: 'args.ts',
  });
  const first = diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (!first) return undefined;
  const text = ts.flattenDiagnosticMessageText(first.messageText, ' ');
  const column = Math.max(1, (first.start ?? prefix.length) - prefix.length + 1);
  return column > expression.length ? `${text} (at the end)` : `${text} (column ${column})`;
}
