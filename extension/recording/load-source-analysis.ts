import { join } from 'node:path';
import type * as SourceAnalysis from './source-analysis';

let loaded: typeof SourceAnalysis | undefined;

/**
 * The source reader (acorn and the fix finders) is built as dist/source-analysis.js and loaded the first time a
 * recording's fixes or definitions are asked for, so activating the extension never pays for the parser.
 */
export function sourceAnalysis(): typeof SourceAnalysis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, to keep the parser out of activation
  loaded ??= require(join(__dirname, 'source-analysis.js')) as typeof SourceAnalysis;
  return loaded;
}
