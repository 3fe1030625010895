/**
 * The first bracket or string problem in an argument list, said about what the user typed: checked as they
 * type, in the editor, for JavaScript and Python alike (no parser needed).
 */
export type ArgsLanguage = 'javascript' | 'python';

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const OPENER: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Where a string that starts at `start` ends (the index after its closing quote), or -1 when it does not. */
function stringEnd(text: string, start: number, language: ArgsLanguage): number {
  const quote = text[start];
  const triple = language === 'python' && text.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  for (let i = start + delimiter.length; i < text.length; i++) {
    if (text[i] === '\\') {
      i += 1;
      continue;
    }
    if (text.startsWith(delimiter, i)) return i + delimiter.length;
    if (text[i] === '\n' && !triple && quote !== '`') return -1;
  }
  return -1;
}

export function bracketProblem(text: string, language: ArgsLanguage): string | undefined {
  const open: Array<{ bracket: string; column: number }> = [];
  const quotes = language === 'python' ? `'"` : `'"\``;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if ((language === 'python' && char === '#') || (language === 'javascript' && text.startsWith('//', i))) break;
    if (quotes.includes(char)) {
      const end = stringEnd(text, i, language);
      if (end < 0) return `the string that starts at column ${i + 1} is not closed`;
      i = end - 1;
    } else if (CLOSER[char]) {
      open.push({ bracket: char, column: i + 1 });
    } else if (OPENER[char]) {
      const last = open.pop();
      if (!last) return `\`${char}\` at column ${i + 1} closes nothing`;
      if (last.bracket !== OPENER[char])
        return `\`${char}\` at column ${i + 1} does not close the \`${last.bracket}\` at column ${last.column}`;
    }
  }
  const unclosed = open.pop();
  return unclosed ? `\`${unclosed.bracket}\` at column ${unclosed.column} is not closed` : undefined;
}
