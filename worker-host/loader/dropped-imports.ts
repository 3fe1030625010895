import type { ImportedBinding } from './module-bindings';

/**
 * Code injected into a compiled TypeScript module for the imports TypeScript dropped (see droppedImports in
 * ./compile.ts): module-level `let` declarations under the imported names, and a `loadDroppedImports` entry of
 * the scope accessor that imports them afterwards (a failure leaves the name undefined: it named a type).
 * Returned as the text of the accessor entry; the declarations come first, at module level.
 */
export function droppedImportsLoader(dropped: Record<string, ImportedBinding>, format: 'esm' | 'cjs'): string {
  const entries = Object.entries(dropped);
  if (entries.length === 0) return '';
  const loads = entries.map(([name, { specifier, imported }]) => {
    const pick =
      imported === '*'
        ? '__sp$m'
        : imported === 'default' && format === 'cjs'
          ? '(__sp$m && __sp$m.__esModule ? __sp$m.default : __sp$m)'
          : `__sp$m[${JSON.stringify(imported)}]`;
    return format === 'esm'
      ? `import(${JSON.stringify(specifier)}).then((__sp$m) => { ${name} = ${pick}; }, () => {})`
      : `(async () => { try { const __sp$m = require(${JSON.stringify(specifier)}); ${name} = ${pick}; } catch {} })()`;
  });
  return `, loadDroppedImports: () => Promise.all([${loads.join(', ')}]).then(() => {})`;
}

/** The module-level declarations of the dropped imports, written before the scope accessor. */
export function droppedImportDeclarations(dropped: Record<string, ImportedBinding>): string {
  const names = Object.keys(dropped);
  return names.length === 0 ? '' : `let ${names.join(', ')};\n`;
}
