/**
 * What the value walks need of the loader, for the recorder's walk bundle: where a function is defined, read
 * from V8 ([[FunctionLocation]]). The full loader (its parser and compiler, for source maps of modules it
 * loaded itself) is never used in a recorded program, so this bundle takes this file in its place.
 */
import { fileURLToPath } from 'node:url';
import { generatedFunctionLocation } from '../../loader/function-inspector';
import type { SourceLocation } from '../../protocol/report';

export function functionLocation(fn: Function): SourceLocation | undefined {
  const generated = generatedFunctionLocation(fn);
  if (!generated) return undefined;
  const file = generated.url.startsWith('file:') ? fileURLToPath(generated.url) : generated.url;
  if (!file.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(file)) return undefined;
  return { file, line: generated.line + 1, column: generated.column + 1 };
}
