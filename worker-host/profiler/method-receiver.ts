import { parse, type Node } from 'acorn';
import { ancestor } from 'acorn-walk';

/**
 * Whether a method's own code reads `this` or `super` (arrow functions inside it included, other nested
 * functions not): such a method means nothing without its instance, and a pool calls a task's function bare.
 */
export function usesReceiver(fn: Function): boolean {
  const source = Function.prototype.toString.call(fn);
  let program: Node;
  try {
    program = parse(`(${source})`, { ecmaVersion: 'latest' });
  } catch {
    try {
      program = parse(`({${source}})`, { ecmaVersion: 'latest' });
    } catch {
      return /\b(this|super)\b/.test(source);
    }
  }
  let found = false;
  const visit = (_node: Node, _state: unknown, ancestors: Node[]) => {
    // The method itself is the outermost function; a `function` nested in it has a `this` of its own.
    const functions = ancestors.filter((a) => a.type === 'FunctionExpression' || a.type === 'FunctionDeclaration');
    if (functions.length <= 1) found = true;
  };
  ancestor(program, { ThisExpression: visit, Super: visit } as Parameters<typeof ancestor>[1]);
  return found;
}
