/**
 * A failure's text for the panel: the message said once and short, without what the panel shows on lines of
 * its own (the value's path, where it is defined, the hint, a broken pool), and with workspace paths relative.
 */
import type { ReportError } from './report';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with every path under one of `roots` written relative to it (file URLs included). */
export function relativePaths(text: string, roots: readonly string[] = []): string {
  let result = text;
  for (const root of [...roots].sort((a, b) => b.length - a.length)) {
    const base = root.replace(/[\\/]+$/, '');
    if (base === '') continue;
    result = result.replace(new RegExp(`(?:file://)?${escapeRegExp(base)}[\\\\/]`, 'g'), '');
  }
  return result;
}

export function relativePath(file: string, roots: readonly string[] = []): string {
  return relativePaths(file, roots);
}

/** loky's generic advice after "A task has failed to un-serialize.": the cause that follows says what really failed. */
const GENERIC_ADVICE = /\s*Please ensure that .*?pickler\./g;
/** The cause's class name where the message quotes it: `… un-serialize. PickleError: Can't get …`. */
const QUOTED_ERROR_NAME = /([.:;]\s+)(?:PickleError|[A-Z]\w*(?:Error|Exception)): /g;
const POOL_BROKEN = /\s*loky marked its whole pool broken.*?\.(?=\s|$)/;

export function failureSummary(error: ReportError, roots: readonly string[] = []): string {
  let text = error.message.replace(GENERIC_ADVICE, '').replace(QUOTED_ERROR_NAME, '$1');
  if (error.location) text = text.replace(/\s*\(defined at [^()]*\)/g, '');
  if (error.path) text = text.replace(new RegExp(`\\s*\\(at ${escapeRegExp(error.path)}\\)`, 'g'), '');
  if (error.hint) {
    const hint = escapeRegExp(error.hint.replace(/\.$/, ''));
    text = text.replace(new RegExp(`\\s*(?:[;,.—-]\\s*|\\s)(?:Hint:\\s*)?${hint}\\.?\\s*$`, 'i'), '.');
  }
  if (error.poolBroken) text = text.replace(POOL_BROKEN, '');
  text = relativePaths(text, roots).replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(text) || text === '' ? text : `${text}.`;
}

/** Python: loky's pool broke with this failure, and what the next task paid for new workers. */
export function poolNote(error: ReportError): string | undefined {
  if (!error.poolBroken) return undefined;
  const respawn =
    error.respawnMs === undefined ? '' : `; the next task paid ${Math.round(error.respawnMs)} ms to start new ones`;
  return `loky marked its whole pool broken and shut its workers down${respawn}.`;
}
