/** The names an argument list uses and a module defines, for JavaScript and TypeScript, from the parser. */
import type ts from 'typescript';

const loadTs = async (): Promise<typeof ts> => (await import('typescript')).default;
const MODULE_SCOPE = ['require', 'module', 'exports', '__dirname', '__filename', 'undefined', 'NaN', 'Infinity', 'arguments'];

/** Identifiers the list reads from its scope; none when it declares its own (arrow functions), to stay safe. */
export async function javascriptFreeNames(expression: string): Promise<string[]> {
  const typescript = await loadTs();
  const file = typescript.createSourceFile('args.ts', `[${expression}\n]`, typescript.ScriptTarget.Latest, true);
  const names: string[] = [];
  let declaresNames = false;
  const visit = (node: ts.Node): void => {
    if (typescript.isFunctionLike(node) || typescript.isClassLike(node)) declaresNames = true;
    if (typescript.isIdentifier(node)) {
      const parent = node.parent;
      const isMember = typescript.isPropertyAccessExpression(parent) && parent.name === node;
      const isKey = (typescript.isPropertyAssignment(parent) || typescript.isShorthandPropertyAssignment(parent)) && parent.name === node && !typescript.isShorthandPropertyAssignment(parent);
      if (!isMember && !isKey) names.push(node.text);
    }
    typescript.forEachChild(node, visit);
  };
  visit(file);
  return declaresNames ? [] : names;
}

/** Top-level declarations and imports of the module, plus the globals any module sees. */
export async function javascriptModuleNames(source: string, fileName: string): Promise<Set<string>> {
  const typescript = await loadTs();
  const file = typescript.createSourceFile(fileName, source, typescript.ScriptTarget.Latest, false);
  const names = new Set([...Object.getOwnPropertyNames(globalThis), ...MODULE_SCOPE]);
  const addBinding = (name: ts.BindingName): void => {
    if (typescript.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!typescript.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of file.statements) {
    if (typescript.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) addBinding(d.name);
    else if ((typescript.isFunctionDeclaration(statement) || typescript.isClassDeclaration(statement) || typescript.isEnumDeclaration(statement)) && statement.name) names.add(statement.name.text);
    else if (typescript.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && typescript.isNamespaceImport(bindings)) names.add(bindings.name.text);
      else if (bindings) for (const element of bindings.elements) names.add(element.name.text);
    } else if (typescript.isImportEqualsDeclaration(statement)) names.add(statement.name.text);
  }
  return names;
}
