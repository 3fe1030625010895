import { functionLocation } from '../loader/index';
import type { SourceLocation } from '../protocol/report';

/** Where a function is defined, when the loader can tell. */
export function definitionOf(fn: Function): SourceLocation | undefined {
  try {
    return functionLocation(fn);
  } catch {
    return undefined;
  }
}
