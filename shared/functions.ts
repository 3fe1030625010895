/** A function in a user's file that can be profiled: what the CodeLens sits on and the profiler resolves. */
export interface FunctionSite {
  /** The name the profiler resolves in the module: `funcAsync`, `Histogram.prototype.count`, `func_async`. */
  name: string;
  /** What the user reads: `funcAsync`, `Histogram.count`. */
  displayName: string;
  kind: 'function' | 'arrow' | 'method' | 'class-method';
  exported: boolean;
  /** The function name's position, 1-based as the editor shows it. */
  line: number;
  column: number;
  /** The `@profileArgs` JSDoc tag (or Python docstring line `profile-args:`), if the function has one. */
  profileArgs?: string;
}

/** A function site plus where its declaration spans, for editors (cursor lookup, the "export it" fix). */
export interface FoundFunction extends FunctionSite {
  /** 1-based end of the function (or of the class, for a method). */
  end: { line: number; column: number };
  /** 1-based start of the top-level statement that declares it, after its comments: where `export ` goes. */
  statementStart: { line: number; column: number };
}
