import ts from 'typescript';
import type { FoundFunction, FunctionSite } from '../protocol/functions';

export type { FoundFunction };

/**
 * The functions of a JS/TS file that the profiler can resolve in the module's scope: top-level function
 * declarations, consts holding arrow or function expressions, and methods of top-level classes.
 * Parsing only; nothing in the file runs.
 */
export function findFunctions(source: string, fileName = 'file.ts'): FoundFunction[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const exportedNames = collectExportedNames(file);
  const sites: FoundFunction[] = [];
  const at = (offset: number): { line: number; column: number } => {
    const { line, character } = file.getLineAndCharacterOfPosition(offset);
    return { line: line + 1, column: character + 1 };
  };
  let statement: ts.Statement;
  const site = (
    nameNode: ts.Node,
    jsDocHost: ts.Node,
    fields: Pick<FunctionSite, 'name' | 'displayName' | 'kind' | 'exported'>,
  ): void => {
    const profileArgs = profileArgsTag(jsDocHost);
    sites.push({
      ...fields,
      ...at(nameNode.getStart(file)),
      ...(profileArgs !== undefined && { profileArgs }),
      end: at(jsDocHost.getEnd()),
      statementStart: at(statement.getStart(file)),
    });
  };

  for (statement of file.statements) {
    const poolEntry = poolEntryOf(statement, file);
    if (poolEntry) {
      site(poolEntry.nameNode, statement, { name: poolEntry.name, displayName: poolEntry.name, kind: poolEntry.kind, exported: true });
      continue;
    }
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
      const name = statement.name.text;
      site(statement.name, statement, {
        name,
        displayName: name,
        kind: 'function',
        exported: hasExportModifier(statement) || exportedNames.has(name),
      });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrapExpression(declaration.initializer);
        if (!ts.isIdentifier(declaration.name) || !init) continue;
        if (!ts.isArrowFunction(init) && !ts.isFunctionExpression(init)) continue;
        const name = declaration.name.text;
        site(declaration.name, declaration, {
          name,
          displayName: name,
          kind: ts.isArrowFunction(init) ? 'arrow' : 'function',
          exported: hasExportModifier(statement) || exportedNames.has(name),
        });
      }
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      const className = statement.name.text;
      const classExported = hasExportModifier(statement) || exportedNames.has(className);
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name)) continue;
        const isStatic = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;
        const method = member.name.text;
        site(member.name, member, {
          name: isStatic ? `${className}.${method}` : `${className}.prototype.${method}`,
          displayName: `${className}.${method}`,
          kind: isStatic ? 'class-method' : 'method',
          exported: classExported,
        });
      }
    }
  }
  return sites;
}

/**
 * A statement that exports a task function without a module-level name of its own, as pool workers are written:
 * `export default (…) => …`, `export default function (…) {}`, `export default load()` (an async factory),
 * `module.exports = function (…) {}` or `= factory(…)`, `exports.name = (…) => …`. Named `default` (the CommonJS
 * `module.exports` is what a pool imports as `default`) or by its export name.
 */
function poolEntryOf(statement: ts.Statement, file: ts.SourceFile): { name: string; nameNode: ts.Node; kind: FunctionSite['kind'] } | undefined {
  if (ts.isFunctionDeclaration(statement) && statement.body && !statement.name && hasDefaultModifier(statement)) {
    const keyword = ts.getModifiers(statement)?.find((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? statement;
    return { name: 'default', nameNode: keyword, kind: 'function' };
  }
  let target: string;
  let value: ts.Expression;
  let nameNode: ts.Node;
  if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
    target = 'default';
    value = unwrapExpression(statement.expression);
    nameNode = statement.getChildren(file).find((child) => child.kind === ts.SyntaxKind.DefaultKeyword) ?? statement;
  } else if (
    ts.isExpressionStatement(statement) &&
    ts.isBinaryExpression(statement.expression) &&
    statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    const left = statement.expression.left.getText(file);
    const named = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(left);
    if (left !== 'module.exports' && !named) return undefined;
    target = named ? named[1] : 'default';
    value = unwrapExpression(statement.expression.right);
    nameNode = statement.expression.left;
  } else {
    return undefined;
  }
  if (ts.isArrowFunction(value)) return { name: target, nameNode, kind: 'arrow' };
  if (ts.isFunctionExpression(value)) return { name: target, nameNode, kind: 'function' };
  if (ts.isCallExpression(value) || ts.isAwaitExpression(value)) return { name: target, nameNode, kind: 'function' };
  return undefined;
}

function hasDefaultModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.[cm]?tsx?$/.test(fileName)) return fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return fileName.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

function unwrapExpression(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

/** Names exported by `export { a, b as c }`, `export default a`, `module.exports = { a }` and `exports.a = a`. */
function collectExportedNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.add((element.propertyName ?? element.name).getText(file));
    } else if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      names.add(statement.expression.text);
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
      collectCommonJsExports(statement.expression, file, names);
    }
  }
  return names;
}

function collectCommonJsExports(assignment: ts.BinaryExpression, file: ts.SourceFile, names: Set<string>): void {
  if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const target = assignment.left.getText(file);
  const value = assignment.right;
  if (target === 'module.exports' && ts.isObjectLiteralExpression(value)) {
    for (const property of value.properties) {
      if (ts.isShorthandPropertyAssignment(property)) names.add(property.name.text);
      else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer)) names.add(property.initializer.text);
    }
  } else if (target === 'module.exports' && ts.isIdentifier(value)) {
    names.add(value.text);
  } else if (/^(module\.)?exports\.\w+$/.test(target) && ts.isIdentifier(value)) {
    names.add(value.text);
  }
}

function profileArgsTag(node: ts.Node): string | undefined {
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text !== 'profileArgs') continue;
    const text = ts.getTextOfJSDocComment(tag.comment)?.trim();
    if (text) return text;
  }
  return undefined;
}
