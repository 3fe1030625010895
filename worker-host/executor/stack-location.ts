import type { SourceLocation } from '../protocol/report';

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

/** The first stack frame in the user's code: not Node's internals, not this package's bundles. */
export function userLocationFromStack(stack: string | undefined, ownFiles: string[]): SourceLocation | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const [, rawFile, lineText, columnText] = match as unknown as [string, string, string, string];
    const file = rawFile.startsWith('file://') ? decodeURIComponent(new URL(rawFile).pathname) : rawFile;
    if (file.startsWith('node:') || !file.includes('/')) continue;
    if (ownFiles.some((own) => file === own)) continue;
    return { file, line: Number(lineText), column: Number(columnText) };
  }
  return undefined;
}
