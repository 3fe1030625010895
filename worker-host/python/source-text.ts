/** A Python string literal's text and where it starts (0-based line), as the scanner met it. */
export interface StringLiteral {
  line: number;
  /** True when nothing but whitespace precedes it on its line (a docstring candidate). */
  startsLine: boolean;
  text: string;
}

export interface BlankedSource {
  /** The source with comments and string contents replaced by spaces; line and column positions kept. */
  lines: string[];
  strings: StringLiteral[];
  /** Per line: it continues a statement (inside a string or brackets, or after a backslash), so it is no header. */
  continued: boolean[];
}

/** Blank out comments and strings so that `def` inside them is never mistaken for code. */
export function blankStringsAndComments(source: string): BlankedSource {
  const out: string[] = [];
  const strings: StringLiteral[] = [];
  const continued = [false];
  let line = 0;
  let lineStart = true;
  let depth = 0;
  let i = 0;
  const newLine = (isContinued: boolean) => {
    line += 1;
    continued[line] = isContinued;
  };
  const keep = (char: string) => {
    out.push(char);
    if (char === '\n') {
      newLine(depth > 0);
      lineStart = true;
    } else if (char !== ' ' && char !== '\t' && char !== '\r') lineStart = false;
    if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth = Math.max(0, depth - 1);
  };
  const blank = (char: string) => out.push(char === '\n' || char === '\r' ? char : ' ');
  while (i < source.length) {
    const char = source[i];
    if (char === '#') {
      while (i < source.length && source[i] !== '\n') blank(source[i++]);
      continue;
    }
    if (char === '\\' && source[i + 1] === '\n') {
      out.push(' ', '\n');
      newLine(true);
      i += 2;
      continue;
    }
    if (char !== '"' && char !== "'") {
      keep(char);
      i += 1;
      continue;
    }
    const quote = source.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
    const startLine = line;
    const startsLine = lineStart;
    for (const q of quote) keep(q);
    i += quote.length;
    let text = '';
    while (i < source.length && !source.startsWith(quote, i)) {
      if (quote.length === 1 && source[i] === '\n') break;
      if (source[i] === '\\' && i + 1 < source.length) {
        text += source[i] + source[i + 1];
        blank(source[i]);
        blank(source[i + 1]);
        if (source[i + 1] === '\n') newLine(true);
        i += 2;
        continue;
      }
      text += source[i];
      if (source[i] === '\n') newLine(true);
      blank(source[i++]);
    }
    if (source.startsWith(quote, i)) {
      for (const q of quote) keep(q);
      i += quote.length;
    }
    strings.push({ line: startLine, startsLine, text });
  }
  return { lines: out.join('').split('\n'), strings, continued };
}
