/** Where a message was sent from: the user's line, and the pool library the user called, when there is one. */
export interface SendSite {
  file: string;
  line: number;
  column: number;
  library: string | null;
  api: string | null;
  /** Whether the line is the user's (false: no user frame was on the stack, a library frame stands in). */
  user: boolean;
}

import { originalPosition } from './source-position';

const LIBRARIES = ['piscina', 'tinypool', 'workerpool', 'jest-worker'] as const;
const FRAME_LIMIT = 40;
/** Reading a stack costs in proportion to the frames read; the user's line is nearly always among the first few. */
const FIRST_FRAMES = 6;
export const PRELOAD_FILE = __filename;

type CallSite = NodeJS.CallSite;
const keepFrames = (_error: Error, frames: CallSite[]): CallSite[] => frames;

/** How deep a stack read starts: the first frame (a send called straight from the user's code), six, or all. */
const DEPTHS = [1, FIRST_FRAMES, FRAME_LIMIT] as const;

/**
 * The call stack of the caller of `above`, as V8's structured frames (no text is built): its first `from` frames,
 * then more (six, then up to FRAME_LIMIT) only while they hold no user frame (all that `sendSiteOf` reads then).
 */
export function captureFrames(above: Function, from = 1): CallSite[] {
  let frames: CallSite[] = [];
  for (const count of DEPTHS) {
    if (count < from) continue;
    frames = framesAbove(above, count);
    if (frames.length < count || frames.some((frame) => isUserFile(frame.getFileName()))) break;
  }
  return frames;
}

/** Where the next read of stacks like `frames` should start: as deep as this one's user frame was. */
export function depthOf(frames: readonly CallSite[]): number {
  const at = frames.findIndex((frame) => isUserFile(frame.getFileName()));
  return at === 0 ? 1 : at > 0 && at < FIRST_FRAMES ? FIRST_FRAMES : FRAME_LIMIT;
}

function framesAbove(above: Function, count: number): CallSite[] {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  Error.prepareStackTrace = keepFrames;
  Error.stackTraceLimit = count;
  const holder = {} as { stack: CallSite[] };
  Error.captureStackTrace(holder, above);
  const frames = holder.stack;
  Error.prepareStackTrace = prepare;
  Error.stackTraceLimit = limit;
  return Array.isArray(frames) ? frames : [];
}

/** The folder of the pool library `file` belongs to, if it belongs to one. */
export function libraryRoot(file: string): { library: string; path: string } | undefined {
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const start = at + '/node_modules/'.length;
  const library = LIBRARIES.find((name) => file.startsWith(`${name}/`, start));
  return library ? { library, path: file.slice(0, start + library.length + 1) } : undefined;
}

function libraryOf(file: string): string | null {
  return libraryRoot(file)?.library ?? null;
}

function isUserFile(file: string | null | undefined): file is string {
  return (
    !!file &&
    !file.startsWith('node:') &&
    !file.includes('/node_modules/') &&
    !file.startsWith('internal/') &&
    file !== PRELOAD_FILE
  );
}

/**
 * The first frame outside `node:` and `node_modules` (the user's line) and the library call on the way to it.
 * Without a user frame (a library sending later, from its own callbacks) the outermost library frame stands in.
 */
export function sendSiteOf(frames: readonly CallSite[]): SendSite {
  let library: string | null = null;
  let libraryFrame: CallSite | undefined;
  for (const frame of frames) {
    const file = frame.getFileName();
    if (isUserFile(file)) return located(frame, file, library, library ? apiName(library, libraryFrame) : null, true);
    const owner = file ? libraryOf(file) : null;
    if (owner) {
      library = owner;
      libraryFrame = frame;
    }
  }
  const stand = libraryFrame ?? frames.find((frame) => frame.getFileName() && frame.getFileName() !== PRELOAD_FILE);
  if (!stand) return { file: process.argv[1] ?? '(unknown)', line: 0, column: 0, library, api: null, user: false };
  return located(stand, stand.getFileName() ?? '(unknown)', library, null, false);
}

const paths = new Map<string, string>();

function pathOfUrl(url: string): string {
  let path = paths.get(url);
  if (path === undefined)
    paths.set(url, (path = (require('node:url') as typeof import('node:url')).fileURLToPath(url)));
  return path;
}

function located(frame: CallSite, file: string, library: string | null, api: string | null, user: boolean): SendSite {
  const at = originalPosition({ file, line: frame.getLineNumber() ?? 0, column: frame.getColumnNumber() ?? 0 });
  const path = at.file.startsWith('file:') ? pathOfUrl(at.file) : at.file;
  return { file: path, line: at.line, column: at.column, library, api, user };
}

/**
 * The library function the user called, as the user wrote it: a pool's method (`pool.run`, `pool.exec`), a
 * constructor (`new Piscina`), a workerpool proxy method, or a function of the library's module
 * (`workerpool.worker`). A name V8 inferred from an assignment (`module.exports = function …`) names no call.
 */
function apiName(library: string, frame: CallSite | undefined): string | null {
  const name = frame?.getMethodName() ?? frame?.getFunctionName() ?? null;
  if (frame?.isConstructor()) return `new ${name ?? library}`;
  // workerpool's proxy methods are anonymous functions that call exec.
  if (library === 'workerpool' && !name) return 'proxy';
  const call = name?.replace(/^.*\./, '').replace(/^#/, '');
  if (!call || call === 'exports' || call === 'default') return null;
  // A module's exports are a plain object; a pool is an instance of its class.
  const receiver = frame?.getTypeName();
  if (receiver === 'Object' || receiver === 'Module') return `${library}.${call}`;
  return library === 'jest-worker' ? `worker.${call}` : `pool.${call}`;
}
