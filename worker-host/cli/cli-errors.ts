import { ProfileInputError } from '../protocol/input-problem';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_CANCELLED = 130;

/** Prints what went wrong as one line on stderr (bad input: 2; anything else an internal error: 1). */
export function reportError(error: unknown, debug: boolean): Promise<number> {
  const detail = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  if (error instanceof ProfileInputError) {
    return write(process.stderr, `serial-profile: ${oneLine(error.message)}${detail}\n`, EXIT_BAD_INPUT);
  }
  const message = error instanceof Error ? error.message : String(error);
  const next = debug ? detail : ' (run again with --debug for the stack trace)';
  return write(process.stderr, `serial-profile: internal error: ${oneLine(message)}${next}\n`, EXIT_INTERNAL);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Resolves with `code` once `text` is written (or could not be: a reader that went away is not waited for). */
export function write(stream: NodeJS.WritableStream, text: string, code: number): Promise<number> {
  return new Promise((resolve) => stream.write(text, () => resolve(code)));
}
