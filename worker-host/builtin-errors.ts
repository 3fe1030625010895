/** JavaScript's own error classes: an error of one of them is rebuilt as that class, never as a plain object. */
export const BUILTIN_ERROR_CLASSES = [
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  AggregateError,
] as const;

/** A new error of the built-in class named `name` (an AggregateError with no errors), or undefined. */
export function newBuiltinError(name: string, message: string, options?: ErrorOptions): Error | undefined {
  if (name === 'AggregateError') return new AggregateError([], message, options);
  const Builtin = BUILTIN_ERROR_CLASSES.find((candidate) => candidate.name === name) as ErrorConstructor | undefined;
  return Builtin ? new Builtin(message, options) : undefined;
}
