import type { ValueWarning } from '../protocol/report';

/** Warnings of one kind whose paths differ only in their indices: `args[0].rows[*].when`, counted. */
export interface WarningGroup {
  pattern: string;
  /** The first warning's own path, shown when the group has only it. */
  path: string;
  message: string;
  count: number;
}

/**
 * Groups repeated warnings by message and path pattern (array indices and map positions become `*`), in the
 * order each group first appears: a schema of 50 fields with the same loss reads as one line with its count.
 */
export function groupWarnings(warnings: readonly ValueWarning[]): WarningGroup[] {
  const groups = new Map<string, WarningGroup>();
  for (const warning of warnings) {
    const pattern = warning.path.replace(/\[\d+\]/g, '[*]').replace(/<(key|value) \d+>/g, '<$1 *>');
    const key = `${warning.message}\u0000${pattern}`;
    const known = groups.get(key);
    if (known) known.count++;
    else groups.set(key, { pattern, path: warning.path, message: warning.message, count: 1 });
  }
  return [...groups.values()];
}

/** `args[0].rows[*].when (×1200): the Date …`, or the warning as it is when it stands alone. */
export function describeWarningGroup(group: WarningGroup): string {
  return group.count === 1 ? `${group.path}: ${group.message}` : `${group.pattern} (×${group.count}): ${group.message}`;
}
