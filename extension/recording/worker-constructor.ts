import { ancestor } from 'acorn-walk';
import { calleeName, lineOf, type ParsedSource } from './send-syntax';

/** The 1-based line of the file's only `new Worker(…)`, where `workerData` would be passed. */
export function workerConstructorLine(source: ParsedSource): number | undefined {
  const lines: number[] = [];
  ancestor(source.program, {
    NewExpression(node) {
      if (calleeName(node.callee) === 'Worker') lines.push(lineOf(source, node.start) + 1);
    },
  });
  return lines.length === 1 ? lines[0] : undefined;
}
