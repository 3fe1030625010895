import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toSource } from '../loader/compile';
import { moduleScopes } from '../loader/module-scope';
import { packageRoot } from '../paths';
import { compiledModuleUrl, GENERATED_CODE } from '../picklers/markers';
import type { SourceLocation } from '../protocol/report';

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

/**
 * The first stack frame in the user's code: not Node's internals, not evaluated code, not this package's
 * bundles. A frame in TypeScript rebuilt by value names its compiled module's lines: they are mapped back to
 * the user's file and line through that module's source map.
 */
export function userLocationFromStack(stack: string | undefined): SourceLocation | undefined {
  if (!stack) return undefined;
  const bundles = join(packageRoot(), 'dist') + sep;
  for (const line of stack.split('\n').slice(1)) {
    if (line.includes('(eval at ')) continue;
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const [, rawFile, lineText, columnText] = match as unknown as [string, string, string, string];
    const position = { line: Number(lineText), column: Number(columnText) };
    const compiled = compiledModuleUrl(rawFile);
    if (compiled) return compiledToSource(compiled, position);
    const file = rawFile.startsWith('file://') ? decodeURIComponent(new URL(rawFile).pathname) : rawFile;
    if (file.startsWith('node:') || !file.includes('/') || file.startsWith(bundles)) continue;
    return { file, ...position };
  }
  return undefined;
}

function compiledToSource(url: string, position: { line: number; column: number }): SourceLocation | undefined {
  try {
    return toSource(fileURLToPath(url), moduleScopes().get(url)?.sourceMap, position);
  } catch {
    return undefined;
  }
}

const COMPILED_FRAME = new RegExp(`((?:file://)?[^\\s()]+?${GENERATED_CODE}):(\\d+):(\\d+)`, 'g');

/** The stack with frames of TypeScript rebuilt by value naming the user's file, line and column, as Node's do. */
export function mapCompiledFrames(stack: string): string {
  return stack.replace(COMPILED_FRAME, (frame, file: string, line: string, column: string) => {
    const url = compiledModuleUrl(file);
    const mapped = url && compiledToSource(url, { line: Number(line), column: Number(column) });
    return mapped ? `${mapped.file}:${mapped.line}:${mapped.column}` : frame;
  });
}
