import type { SourceLocation } from '../protocol/report';
import type { ImportedBinding } from './module-bindings';

/**
 * What the loader injects into every user module it loads: a view of the module's own scope.
 *
 * Why an injected accessor and not the V8 inspector's view of scopes: an accessor compiled into the module
 * is an ordinary closure over the module scope, so it sees every binding (exported or not, imports included)
 * the moment the module has run, in any process or thread, without a debugger session, and `evaluate` runs
 * an argument expression (`21, largeList`) with exactly the scoping rules of code written in that file. The
 * inspector is still used for what only it can see: the captured variables of closures ([[Scopes]]) and the
 * definition site of a function ([[FunctionLocation]]); see ./function-inspector.ts.
 * Cost: the direct `eval` keeps every module-level binding alive in the module's context (V8 cannot
 * stack-allocate them), which is what makes them readable.
 */
export interface ModuleScope {
  url: string;
  file: string;
  format: 'esm' | 'cjs';
  /** Module-level bindings, including non-exported and imported ones, in source order. */
  names: string[];
  imports: Record<string, ImportedBinding>;
  /** Where each binding is declared in the user's source (through the source map for TypeScript). */
  locations: Record<string, SourceLocation>;
  /** The source map of compiled TypeScript (JSON), to map V8 positions back to the user's file. */
  sourceMap?: string;
  get(name: string): unknown;
  evaluate(expression: string): unknown;
  exports(): Record<string, unknown>;
  /** TypeScript only: imports the value imports the compilation dropped as unread (see ./dropped-imports.ts). */
  loadDroppedImports?(): Promise<void>;
}

export const MODULE_SCOPES_KEY = 'serialization-profiler.module-scopes';

/** Every user module loaded in this process or thread, by URL (filled by the injected accessors). */
export function moduleScopes(): Map<string, ModuleScope> {
  const holder = globalThis as unknown as Record<symbol, Map<string, ModuleScope> | undefined>;
  const key = Symbol.for(MODULE_SCOPES_KEY);
  return (holder[key] ??= new Map());
}
