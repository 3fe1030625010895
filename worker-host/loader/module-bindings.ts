import { parse, type Node, type Pattern, type Program, type Statement, type ModuleDeclaration } from 'acorn';

/** Where a module-level binding comes from when it is imported (`import { a as b } from './x'`, `require('x')`). */
export interface ImportedBinding {
  specifier: string;
  /** The exported name: `default`, `*` (namespace or the whole `require` result), or a name. */
  imported: string;
}

/** 1-based line and column in the generated JavaScript. */
export interface GeneratedPosition {
  line: number;
  column: number;
}

export interface ModuleBindings {
  names: string[];
  imports: Record<string, ImportedBinding>;
  positions: Record<string, GeneratedPosition>;
}

/**
 * The module-level bindings of compiled JavaScript, found by parsing it with acorn: every declaration
 * (exported or not), every import, and in CommonJS the `const x = require('y')` forms that play the role
 * of imports.
 */
export function findModuleBindings(code: string, format: 'esm' | 'cjs'): ModuleBindings {
  const program = parse(code, {
    ecmaVersion: 'latest',
    sourceType: format === 'esm' ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: format === 'cjs',
    locations: true,
  }) as Program;
  const found: ModuleBindings = { names: [], imports: {}, positions: {} };
  const add = (node: Node & { name?: string }, name: string) => {
    if (name in found.positions) return;
    found.names.push(name);
    found.positions[name] = { line: node.loc!.start.line, column: node.loc!.start.column + 1 };
  };
  for (const statement of program.body) collectStatement(statement, found, add);
  return found;
}

type Add = (node: Node, name: string) => void;

function collectStatement(statement: Statement | ModuleDeclaration, found: ModuleBindings, add: Add): void {
  switch (statement.type) {
    case 'ImportDeclaration':
      for (const spec of statement.specifiers) {
        add(spec.local, spec.local.name);
        const imported =
          spec.type === 'ImportSpecifier'
            ? spec.imported.type === 'Identifier'
              ? spec.imported.name
              : String(spec.imported.value)
            : spec.type === 'ImportDefaultSpecifier'
              ? 'default'
              : '*';
        found.imports[spec.local.name] = { specifier: String(statement.source.value), imported };
      }
      return;
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
      if (statement.declaration) collectStatement(statement.declaration as Statement, found, add);
      return;
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
      if (statement.id) add(statement.id, statement.id.name);
      return;
    case 'VariableDeclaration':
      for (const declarator of statement.declarations) {
        const required = requiredSpecifier(declarator.init);
        if (required !== undefined && declarator.id.type === 'Identifier') {
          found.imports[declarator.id.name] = { specifier: required, imported: '*' };
        } else if (required !== undefined && declarator.id.type === 'ObjectPattern') {
          for (const property of declarator.id.properties) {
            if (
              property.type === 'Property' &&
              property.key.type === 'Identifier' &&
              property.value.type === 'Identifier'
            ) {
              found.imports[property.value.name] = { specifier: required, imported: property.key.name };
            }
          }
        }
        for (const identifier of patternIdentifiers(declarator.id)) add(identifier, identifier.name);
      }
      return;
    default:
      return;
  }
}

function requiredSpecifier(init: Node | null | undefined): string | undefined {
  if (!init || init.type !== 'CallExpression') return undefined;
  const call = init as Node & { callee: Node & { name?: string }; arguments: (Node & { value?: unknown })[] };
  if (call.callee.type !== 'Identifier' || call.callee.name !== 'require') return undefined;
  const [first] = call.arguments;
  return first && first.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
}

function patternIdentifiers(pattern: Pattern): (Node & { name: string })[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        patternIdentifiers(property.type === 'RestElement' ? property.argument : property.value),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? patternIdentifiers(element) : []));
    case 'RestElement':
      return patternIdentifiers(pattern.argument);
    case 'AssignmentPattern':
      return patternIdentifiers(pattern.left);
    default:
      return [];
  }
}
