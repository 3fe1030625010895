import { join, sep } from 'node:path';
import { packageRoot } from '../paths';
import type { SourceLocation } from '../protocol/report';

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

/** The first stack frame in the user's code: not Node's internals, not evaluated code, not this package's bundles. */
export function userLocationFromStack(stack: string | undefined): SourceLocation | undefined {
  if (!stack) return undefined;
  const bundles = join(packageRoot(), 'dist') + sep;
  for (const line of stack.split('\n').slice(1)) {
    if (line.includes('(eval at ')) continue;
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const [, rawFile, lineText, columnText] = match as unknown as [string, string, string, string];
    const file = rawFile.startsWith('file://') ? decodeURIComponent(new URL(rawFile).pathname) : rawFile;
    if (file.startsWith('node:') || !file.includes('/') || file.startsWith(bundles)) continue;
    return { file, line: Number(lineText), column: Number(columnText) };
  }
  return undefined;
}
