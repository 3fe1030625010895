import { inspect } from 'node:util';

const MAX_PREVIEW_CHARS = 200;

/**
 * A one-line glimpse of a result: safe for cycles, getters and huge values (util.inspect never walks more
 * than it prints), never longer than MAX_PREVIEW_CHARS.
 */
export function previewValue(value: unknown): string {
  // What inspect prints for these, without building its context.
  if (value === undefined || value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  let text: string;
  try {
    text = inspect(value, {
      depth: 2,
      maxArrayLength: 10,
      maxStringLength: 80,
      breakLength: Infinity,
      compact: true,
      getters: false,
      customInspect: false,
    });
  } catch (error) {
    text = `<unprintable: ${(error as Error).message}>`;
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > MAX_PREVIEW_CHARS ? `${text.slice(0, MAX_PREVIEW_CHARS - 1)}…` : text;
}
