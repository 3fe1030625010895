import { parse, type Node } from 'acorn';
import { simple } from 'acorn-walk';

export interface FunctionSource {
  source: string;
  /** `expression`: the text is a function or class expression; `method`: an object-literal method (`norm() {}`). */
  form: 'expression' | 'method';
  /** Identifiers the function reads that it does not declare itself: candidates for capture. */
  freeNames: string[];
}

const cache = new WeakMap<Function, FunctionSource>();

/**
 * The function's source text and the names it reads but does not declare. A name declared anywhere inside
 * the function counts as declared everywhere in it (a simplification: a function that both shadows an outer
 * name in an inner block and reads the outer one elsewhere misses that capture).
 */
export function analyseFunction(fn: Function): FunctionSource {
  const known = cache.get(fn);
  if (known) return known;
  const source = Function.prototype.toString.call(fn);
  let program: Node;
  let form: FunctionSource['form'] = 'expression';
  try {
    program = parse(`(${source})`, { ecmaVersion: 'latest', sourceType: 'script' });
  } catch {
    program = parse(`({${source}})`, { ecmaVersion: 'latest', sourceType: 'script' });
    form = 'method';
  }
  const read = new Set<string>();
  const declared = new Set<string>(['arguments']);
  const declare = (pattern: Node | null | undefined) => {
    for (const name of patternNames(pattern)) declared.add(name);
  };
  // acorn-walk visits assignment targets and declared names as `VariablePattern` (its types omit it);
  // declarations are told apart by their parent node.
  const visitors = {
    Identifier(node: Node) {
      read.add((node as Node & { name: string }).name);
    },
    VariablePattern(node: Node) {
      read.add((node as Node & { name: string }).name);
    },
    VariableDeclarator(node: Node) {
      declare((node as Node & { id: Node }).id);
    },
    Function(node: Node) {
      const fn = node as Node & { id?: Node | null; params: Node[] };
      declare(fn.id);
      fn.params.forEach(declare);
    },
    Class(node: Node) {
      declare((node as Node & { id?: Node | null }).id);
    },
    CatchClause(node: Node) {
      declare((node as Node & { param?: Node | null }).param);
    },
  } as Parameters<typeof simple>[1];
  simple(program, visitors);
  const analysis: FunctionSource = { source, form, freeNames: [...read].filter((name) => !declared.has(name)) };
  cache.set(fn, analysis);
  return analysis;
}

/** Where a function's source sits in its file, so a rebuilt copy reports the same file and lines. */
export interface SourceOrigin {
  url: string;
  /** 1-based line of the function's first line. */
  line: number;
}

/** What rebuilding a function takes: its source and how it was written, and the names of its captures. */
export interface FunctionCode {
  source: string;
  form: FunctionSource['form'];
  strict: boolean;
  captures: string[];
  origin?: SourceOrigin;
}

/**
 * Rebuilds a function from its source, with `let` bindings for its captures filled in by `assign`. With an
 * origin, the code is laid out so the function starts on its original line and is named after its file
 * (`//# sourceURL`): stack traces and the inspector then point into the user's file.
 */
export function instantiateFunction(code: FunctionCode): { fn: Function; assign: (values: unknown[]) => void } {
  // The same description (a decoder's cached marker) finds its factory without building the text again.
  let factory = factoriesByCode.get(code);
  if (!factory) {
    factory = factoryFor(factoryText(code));
    factoriesByCode.set(code, factory);
  }
  // Each call of the factory makes a fresh function with fresh capture bindings: one compile, many rebuilds.
  const [fn, assign] = factory();
  return { fn, assign };
}

function factoryText({ source, form, strict, captures, origin }: FunctionCode): string {
  const expression =
    form === 'expression'
      ? `(${source}\n)`
      : `((d) => d.value ?? d.get ?? d.set)(Object.values(Object.getOwnPropertyDescriptors({${source}\n}))[0])`;
  return (
    '(() => { ' +
    (strict ? '"use strict"; ' : '') +
    (captures.length > 0 ? `let ${captures.join(', ')}; ` : '') +
    '\n'.repeat(origin ? Math.max(origin.line - 1, 0) : 0) +
    `const __sp$fn = ${expression};\n` +
    `return [__sp$fn, (__sp$values) => { [${captures.join(', ')}] = __sp$values; }]; })` +
    (origin ? `\n//# sourceURL=${origin.url}` : '')
  );
}

function factoryFor(text: string): Factory {
  let factory = factories.get(text);
  if (!factory) {
    const indirectEval = eval;
    factory = indirectEval(text) as Factory;
    if (factories.size >= FACTORY_CACHE_SIZE) factories.clear();
    factories.set(text, factory);
  }
  return factory;
}

type Factory = () => [Function, (values: unknown[]) => void];
const FACTORY_CACHE_SIZE = 512;
const factories = new Map<string, Factory>();
const factoriesByCode = new WeakMap<FunctionCode, Factory>();

function patternNames(pattern: Node | null | undefined): string[] {
  if (!pattern) return [];
  const node = pattern as Node & Record<string, unknown>;
  switch (node.type) {
    case 'Identifier':
      return [node.name as string];
    case 'ObjectPattern':
      return (node.properties as (Node & { value?: Node; argument?: Node })[]).flatMap((property) =>
        patternNames(property.type === 'RestElement' ? property.argument : property.value),
      );
    case 'ArrayPattern':
      return (node.elements as (Node | null)[]).flatMap(patternNames);
    case 'RestElement':
      return patternNames(node.argument as Node);
    case 'AssignmentPattern':
      return patternNames(node.left as Node);
    default:
      return [];
  }
}
