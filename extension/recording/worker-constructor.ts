import { ancestor } from 'acorn-walk';
import { lineOf, type ParsedSource } from './send-syntax';

/** The 1-based line of the file's only `new Worker(…)`, where `workerData` would be passed. */
export function workerConstructorLine(source: ParsedSource): number | undefined {
  const lines: number[] = [];
  ancestor(source.program, {
    NewExpression(node) {
      const callee = node.callee;
      const name =
        callee.type === 'Identifier'
          ? callee.name
          : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier'
            ? callee.property.name
            : '';
      if (name === 'Worker') lines.push(lineOf(source, node.start) + 1);
    },
  });
  return lines.length === 1 ? lines[0] : undefined;
}
