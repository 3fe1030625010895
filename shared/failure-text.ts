/**
 * A failure's text for the editor: the report's short message (its path, definition, hint and pool have fields
 * of their own, shown on lines of their own), with workspace paths relative.
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

/** The failure's short message on one line, paths relative, ending with a full stop. */
export function failureSummary(error: ReportError, roots: readonly string[] = []): string {
  const text = relativePaths(error.summary, roots).replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(text) || text === '' ? text : `${text}.`;
}

/** Python: loky's pool broke with this failure, and what the next task paid for new workers. */
export function poolNote(error: Pick<ReportError, 'poolBroken' | 'respawnMs'>): string | undefined {
  if (!error.poolBroken) return undefined;
  const respawn =
    error.respawnMs === undefined ? '' : `; the next task paid ${Math.round(error.respawnMs)} ms to start new ones`;
  return `loky marked its whole pool broken and shut its workers down${respawn}.`;
}
