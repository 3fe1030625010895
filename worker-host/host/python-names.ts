/** The names an argument list uses and a module defines, for Python, found by reading the text (never run). */
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'is',
  'in',
  'if',
  'else',
  'None',
  'True',
  'False',
  'lambda',
  'for',
  'await',
]);
const BUILTINS = new Set(
  (
    'abs all any ascii bin bool bytearray bytes callable chr complex dict dir divmod enumerate filter float format ' +
    'frozenset getattr globals hasattr hash hex id int isinstance issubclass iter len list locals map max memoryview ' +
    'min next object oct open ord pow print range repr reversed round set slice sorted str sum tuple type vars zip ' +
    'Ellipsis NotImplemented __name__ __file__ Exception ValueError TypeError KeyError'
  ).split(' '),
);

const blankStrings = (text: string) =>
  text.replace(/([rbfu]{0,2})('''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/gi, ' "" ');

/** Names read, not attributes, keyword-argument names, or names bound inside the list (lambdas, comprehensions). */
export function pythonFreeNames(expression: string): string[] {
  const text = blankStrings(expression);
  if (/\b(lambda|for)\b/.test(text)) return [];
  const names: string[] = [];
  for (const match of text.matchAll(/(?<![\w.])([A-Za-z_]\w*)(?!\s*=(?!=))/g)) {
    if (!KEYWORDS.has(match[1])) names.push(match[1]);
  }
  return names;
}

export function pythonModuleNames(source: string): Set<string> {
  const names = new Set(BUILTINS);
  for (const line of source.split(/\r?\n/)) {
    const binding =
      /^(?:async\s+)?(?:def|class)\s+(\w+)|^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=]*)?=(?!=)/.exec(line);
    if (binding) for (const name of (binding[1] ?? binding[2]).split(',')) names.add(name.trim());
    const imported = /^import\s+(.+)$/.exec(line);
    if (imported)
      for (const part of imported[1].split(','))
        names.add((/\bas\s+(\w+)/.exec(part)?.[1] ?? part.trim().split('.')[0]).trim());
    const from = /^from\s+\S+\s+import\s+\(?([^)#]+)/.exec(line);
    if (from) for (const part of from[1].split(',')) names.add((/\bas\s+(\w+)/.exec(part)?.[1] ?? part.trim()).trim());
  }
  return names;
}
