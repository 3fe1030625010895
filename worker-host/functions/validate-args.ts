import { parseTypeScriptExpression } from './parse-source';

interface BabelSyntaxError extends SyntaxError {
  reasonCode?: string;
  pos?: number;
}

/** Babel's words, as short as the editor's: `Unexpected token, expected ","` → `',' expected.` */
function describe(error: BabelSyntaxError): string {
  const text = error.message.replace(/\s*\(\d+:\d+\)$/, '');
  const expected = /^Unexpected token, expected "(.+)"$/.exec(text);
  return expected ? `'${expected[1]}' expected.` : text.endsWith('.') ? text : `${text}.`;
}

/**
 * Checks that an argument expression list (`21, largeList`) parses, without running it.
 * Returns a one-line message for the first syntax error, or undefined when it parses.
 */
export function argsSyntaxError(expression: string): string | undefined {
  if (expression.trim() === '') return undefined;
  const prefix = 'profileArgs(';
  try {
    parseTypeScriptExpression(`${prefix}${expression}\n)`);
    return undefined;
  } catch (error) {
    const syntax = error as BabelSyntaxError;
    const column = Math.max(1, (syntax.pos ?? prefix.length) - prefix.length + 1);
    return column > expression.length ? `${describe(syntax)} (at the end)` : `${describe(syntax)} (column ${column})`;
  }
}
