/**
 * Reading a send site's source: the call on a recorded line, the expression at a value path inside its message,
 * and where that value is defined. JavaScript through acorn, TypeScript and JSX through Babel's ESTree output (the
 * same tree, see syntax-walk.ts); anything unclear gives `undefined`, never a guess.
 */
import {
  parse,
  type AnyNode,
  type CallExpression,
  type Expression,
  type Node,
  type Program,
  type VariableDeclarator,
} from 'acorn';
import { ancestor } from 'acorn-walk';
import { dialectOf, parseWithBabel, unwrapTypes } from './syntax-walk';

export interface ParsedSource {
  text: string;
  program: Program;
  /** Offset of the first character of each line (0-based lines). */
  lineStarts: number[];
}

const cache = new Map<string, ParsedSource | null>();

function parseJavaScript(text: string): Program | undefined {
  for (const sourceType of ['module', 'script'] as const) {
    try {
      return parse(text, {
        ecmaVersion: 'latest',
        sourceType,
        allowHashBang: true,
        allowReturnOutsideFunction: sourceType === 'script',
        allowAwaitOutsideFunction: true,
      });
    } catch {
      // Try the other source type; a file neither parses as is not plain JavaScript.
    }
  }
  return undefined;
}

/** The file's program; `fileName` says its dialect (`.ts`, `.mts`, `.cts`, `.tsx`, `.jsx`; JavaScript otherwise). */
export function parseSource(text: string, fileName = ''): ParsedSource | undefined {
  const dialect = dialectOf(fileName);
  const key = `${dialect}\0${text}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const program = dialect === 'javascript' ? parseJavaScript(text) : parseWithBabel(text, dialect);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const parsed = program ? { text, program, lineStarts } : undefined;
  if (cache.size > 32) cache.clear();
  cache.set(key, parsed ?? null);
  return parsed;
}

export function lineOf(source: ParsedSource, offset: number): number {
  let low = 0;
  let high = source.lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (source.lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The name a call or `new` is made by: `fork` in `fork(…)` and `cp.fork(…)`; '' for anything else. */
export function calleeName(callee: CallExpression['callee']): string {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier')
    return callee.property.name;
  return '';
}

export const SEND_METHODS = new Set(['postMessage', 'run', 'send', 'exec']);

export interface SendCall {
  call: CallExpression;
  method: string;
  /** Nodes from the program down to the call, for scope questions. */
  ancestors: AnyNode[];
}

/** The send call on a 1-based line, the one whose method name is nearest the recorded column. */
export function sendCallAt(source: ParsedSource, line: number, column: number): SendCall | undefined {
  const target = source.lineStarts[line - 1] === undefined ? -1 : source.lineStarts[line - 1] + column - 1;
  let best: SendCall | undefined;
  let bestDistance = Infinity;
  ancestor(source.program, {
    CallExpression(node, _state, ancestors) {
      const callee = node.callee;
      if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
      if (!SEND_METHODS.has(callee.property.name) || lineOf(source, callee.property.start) !== line - 1) return;
      const distance = Math.abs(callee.property.start - target);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = { call: node, method: callee.property.name, ancestors: [...ancestors] };
      }
    },
  });
  return best;
}

type Segment = string | number;

/** `rows[0].data`, `.rows`, `[0]["a b"]` → ['rows', 0, 'data'] …; undefined for paths we do not read (map keys …). */
export function pathSegments(path: string): Segment[] | undefined {
  const segments: Segment[] = [];
  const pattern = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < path.length && (match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
    at = pattern.lastIndex;
  }
  return at === path.length ? segments : undefined;
}

/** A chain of plain names: `a`, `a.b`, `a.b[0]`: re-reading it has no effect besides reading. */
function isPlainReference(node: Node): boolean {
  if (node.type === 'Identifier') return true;
  if (node.type === 'ThisExpression') return true;
  if (node.type !== 'MemberExpression') return false;
  const member = node as Extract<AnyNode, { type: 'MemberExpression' }>;
  const key = member.property;
  const plainKey = member.computed
    ? key.type === 'Literal' && typeof key.value === 'number'
    : key.type === 'Identifier';
  return plainKey && !member.optional && isPlainReference(member.object);
}

function appendSegment(text: string, segment: Segment): string {
  return typeof segment === 'number'
    ? `${text}[${segment}]`
    : /^[A-Za-z_$][\w$]*$/.test(segment)
      ? `${text}.${segment}`
      : `${text}[${JSON.stringify(segment)}]`;
}

export interface ValueAt {
  /** Source text that reads the value again, e.g. `job.pixels`. */
  text: string;
  /** The expression node when the path ends inside a literal of the message; else the plain reference's root. */
  node: Expression;
  /** The first identifier of `text`. */
  root: string;
}

/** The expression that reads the value at `path` of a message written as `message`, if the source shows it plainly. */
export function valueAt(source: ParsedSource, message: Expression, path: string): ValueAt | undefined {
  const segments = pathSegments(path);
  if (!segments) return undefined;
  let node: Expression = unwrapTypes(message);
  let index = 0;
  while (index < segments.length) {
    node = unwrapTypes(node);
    const segment = segments[index];
    if (node.type === 'ObjectExpression' && typeof segment === 'string') {
      const property = node.properties.find(
        (p) =>
          p.type === 'Property' &&
          !p.computed &&
          ((p.key.type === 'Identifier' && p.key.name === segment) ||
            (p.key.type === 'Literal' && p.key.value === segment)),
      );
      if (!property || property.type !== 'Property') return undefined;
      node = property.value as Expression;
    } else if (node.type === 'ArrayExpression' && typeof segment === 'number') {
      const element = node.elements[segment];
      if (!element || element.type === 'SpreadElement') return undefined;
      node = element;
    } else break;
    index += 1;
  }
  node = unwrapTypes(node);
  if (!isPlainReference(node)) return undefined;
  let text = source.text.slice(node.start, node.end);
  for (const segment of segments.slice(index)) text = appendSegment(text, segment);
  const root = /^[A-Za-z_$][\w$]*/.exec(text)?.[0] ?? '';
  return root ? { text, node, root } : undefined;
}

/** The `const`/`let` declarator of `name` before `before`, if the program declares exactly one such name. */
export function declaratorOf(
  source: ParsedSource,
  name: string,
  before: number,
): { declarator: VariableDeclarator; ancestors: AnyNode[]; kind: string } | undefined {
  const found: { declarator: VariableDeclarator; ancestors: AnyNode[]; kind: string }[] = [];
  ancestor(source.program, {
    VariableDeclarator(node, _state, ancestors) {
      if (node.id.type !== 'Identifier' || node.id.name !== name || node.start > before) return;
      const declaration = ancestors[ancestors.length - 2];
      found.push({
        declarator: node,
        ancestors: [...ancestors],
        kind: declaration?.type === 'VariableDeclaration' ? declaration.kind : 'var',
      });
    },
  });
  return found.length === 1 ? found[0] : undefined;
}

const REPEATING = new Set([
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
]);

/** The innermost loop or function around a node: code inside runs again each time it does. */
export function repeatingScope(ancestors: readonly AnyNode[]): AnyNode | undefined {
  for (let i = ancestors.length - 2; i >= 0; i -= 1) if (REPEATING.has(ancestors[i].type)) return ancestors[i];
  return undefined;
}

/** Whether `name` is read anywhere after `offset` in the text of `scope` (the whole program when undefined). */
export function usedAfter(source: ParsedSource, name: string, offset: number, scope: AnyNode | undefined): boolean {
  let used = false;
  ancestor(scope ?? source.program, {
    Identifier(node) {
      if (node.name === name && node.start >= offset) used = true;
    },
  });
  return used;
}
