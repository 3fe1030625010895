import type { SourceLocation } from './report';

/** Bad input to the profiler: the CLI exits with 2 and prints `message`; the extension shows it. */
export type InputProblemCode =
  | 'missing-file'
  | 'unknown-function'
  | 'module-syntax'
  | 'args-syntax'
  | 'args-evaluation'
  | 'module-load'
  | 'bad-option'
  | 'python-unavailable';

export interface InputProblem {
  code: InputProblemCode;
  /** One line: what, where and what to do. */
  message: string;
  location?: SourceLocation;
  /** For `unknown-function`: the functions the file has. */
  available?: string[];
}

export class ProfileInputError extends Error implements InputProblem {
  readonly code: InputProblemCode;
  readonly location?: SourceLocation;
  readonly available?: string[];

  constructor(problem: InputProblem, options?: { cause?: unknown }) {
    super(problem.message, options);
    this.name = 'ProfileInputError';
    this.code = problem.code;
    if (problem.location) this.location = problem.location;
    if (problem.available) this.available = problem.available;
  }

  toProblem(): InputProblem {
    return { code: this.code, message: this.message, location: this.location, available: this.available };
  }
}
