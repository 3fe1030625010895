/**
 * The as-you-type check of an argument list, run in the worker host (which has the parsers): brackets first,
 * then syntax, then names the module does not define — "did you mean `largeList`?". Nothing is evaluated.
 */
import { bracketProblem } from '../../shared/args-brackets';
import type { ArgsCheck } from '../../shared/host-messages';
import { isPythonFile } from '../../shared/languages';
import { closestMatch } from '../profiler/close-match';
import { javascriptFreeNames, javascriptModuleNames } from './javascript-names';
import { pythonFreeNames, pythonModuleNames } from './python-names';

function unknownNameCheck(free: string[], known: Set<string>, file: string): ArgsCheck {
  const unknown = free.find((name) => !known.has(name));
  if (unknown === undefined) return {};
  const near = closestMatch(
    unknown,
    [...known].filter((name) => !/^[A-Z][a-z]+[A-Z]/.test(name) || name.length < 20),
  );
  const base = file.split(/[\\/]/).pop() ?? file;
  return {
    warning: `\`${unknown}\` is not defined in ${base}${near ? ` — did you mean \`${near}\`?` : ''}`,
    ...(near !== undefined && { suggestion: near }),
  };
}

export async function checkArgs(file: string, source: string, expression: string): Promise<ArgsCheck> {
  if (expression.trim() === '') return {};
  const python = isPythonFile(file);
  const brackets = bracketProblem(expression, python ? 'python' : 'javascript');
  if (brackets) return { error: brackets };
  if (python) return unknownNameCheck(pythonFreeNames(expression), pythonModuleNames(source), file);
  const { argsSyntaxError } = await import('../functions/validate-args');
  const syntax = argsSyntaxError(expression);
  if (syntax) return { error: syntax };
  return unknownNameCheck(await javascriptFreeNames(expression), await javascriptModuleNames(source, file), file);
}
