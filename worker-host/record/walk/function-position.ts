/**
 * Where a function of a known file is defined, read without enabling the debugger: enabling it makes V8 report
 * every script the thread has parsed (tens of milliseconds in a pool worker), and only the script's URL needs
 * it. [[FunctionLocation]] alone gives the line and column; they are taken as the file's when the file's text
 * holds the function's own source text around that place (a transpiled file, or a function from another
 * module, does not), else undefined.
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { SourceLocation } from '../../protocol/report';

interface FunctionLocation {
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

const STASH = '__serialProfileLocated';
const GROUP = 'serial-profile-position';

export function functionPositionIn(fn: Function, file: string): SourceLocation | undefined {
  const at = internalLocation(fn);
  if (!at) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const offset = offsetOf(text, at.lineNumber, at.columnNumber);
  const source = Function.prototype.toString.call(fn);
  if (offset === undefined || source.length === 0) return undefined;
  const start = text.lastIndexOf(source, offset);
  if (start < 0 || start + source.length <= offset) return undefined;
  return { file, line: at.lineNumber + 1, column: at.columnNumber + 1 };
}

function internalLocation(fn: Function): FunctionLocation | undefined {
  const session = new Session();
  const holder = globalThis as Record<string, unknown>;
  try {
    session.connect();
    holder[STASH] = fn;
    const remote = post<{ result: { objectId?: string } }>(session, 'Runtime.evaluate', {
      expression: `globalThis.${STASH}`,
      objectGroup: GROUP,
    }).result;
    if (!remote.objectId) return undefined;
    const properties = post<{ internalProperties?: { name: string; value?: { value?: unknown } }[] }>(
      session,
      'Runtime.getProperties',
      { objectId: remote.objectId, ownProperties: true },
    );
    const location = properties.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value;
    return location as FunctionLocation | undefined;
  } catch {
    return undefined;
  } finally {
    delete holder[STASH];
    session.disconnect();
  }
}

/** In-thread sessions answer synchronously: the callback has run when post returns. */
function post<T>(session: Session, method: string, params: object): T {
  let error: Error | null = null;
  let result: unknown;
  session.post(method, params, (e: Error | null, r: unknown) => {
    error = e;
    result = r;
  });
  if (error) throw error;
  return result as T;
}

/** The offset of a 0-based line and column in `text`, or undefined past its end. */
function offsetOf(text: string, line: number, column: number): number | undefined {
  let offset = 0;
  for (let current = 0; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  return offset + column < text.length ? offset + column : undefined;
}
