import type { FunctionSite } from '../protocol/functions';
import { blankStringsAndComments, type StringLiteral } from './source-text';

const HEADER = /^([ \t]*)(?:(async)[ \t]+)?(def|class)[ \t]+([\p{L}_][\p{L}\p{N}_]*)/u;
const DECORATOR = /^[ \t]*@[ \t]*([\p{L}_][\p{L}\p{N}_.]*)/u;
const PROFILE_ARGS = /^[ \t]*profile-args:[ \t]*(.+?)[ \t]*$/m;

interface OpenClass {
  name: string;
  bodyIndent?: number;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** The `profile-args:` line of the docstring right after the header that starts on `headerLine`. */
function docstringArgs(lines: string[], strings: StringLiteral[], headerLine: number): string | undefined {
  let next = headerLine + 1;
  while (next < lines.length && lines[next].trim() === '') next += 1;
  const docstring = strings.find((literal) => literal.line === next && literal.startsLine);
  const sameLine = strings.find((literal) => literal.line === headerLine && !literal.startsLine);
  const text = docstring?.text ?? (lines[headerLine].trimEnd().endsWith(':') ? undefined : sameLine?.text);
  return text?.match(PROFILE_ARGS)?.[1];
}

/**
 * Top-level functions and the methods of top-level classes in a Python file, with their names' 1-based
 * positions (what the CodeLens sits on and the bridge resolves: `func_async`, `Histogram.count`).
 */
export function findPythonFunctions(source: string): FunctionSite[] {
  const { lines, strings, continued } = blankStringsAndComments(source);
  const sites: FunctionSite[] = [];
  let openClass: OpenClass | undefined;
  let decorators: string[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '' || continued[index]) return;
    const indent = indentOf(line);
    if (openClass && indent > 0 && openClass.bodyIndent === undefined) openClass.bodyIndent = indent;
    if (indent === 0 && !DECORATOR.test(line)) openClass = undefined;
    const decorator = line.match(DECORATOR);
    if (decorator) {
      decorators.push(decorator[1]);
      return;
    }
    const header = line.match(HEADER);
    const appliedDecorators = decorators;
    decorators = [];
    if (!header) return;
    const [, , , keyword, name] = header;
    const column = header[0].length - name.length + 1;
    if (indent === 0 && keyword === 'class') {
      openClass = { name };
      return;
    }
    if (keyword !== 'def') return;
    const profileArgs = docstringArgs(lines, strings, index);
    const site = (qualified: string, kind: FunctionSite['kind']): FunctionSite => ({
      name: qualified,
      displayName: qualified,
      kind,
      exported: true,
      line: index + 1,
      column,
      ...(profileArgs !== undefined ? { profileArgs } : {}),
    });
    if (indent === 0) sites.push(site(name, 'function'));
    else if (openClass && indent === openClass.bodyIndent) {
      const isClassLevel = appliedDecorators.some((d) => d === 'classmethod' || d === 'staticmethod');
      sites.push(site(`${openClass.name}.${name}`, isClassLevel ? 'class-method' : 'method'));
    }
  });
  return sites;
}
