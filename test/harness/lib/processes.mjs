// The processes a scenario's server started, read from /proc (Linux): what a Restricted Mode check looks for.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux: every process below `root`, as { pid, cmdline }. */
export function descendants(root) {
  const byParent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), { pid: Number(name), cmdline }]);
    } catch {
      /* exited while read */
    }
  }
  const found = [];
  const walk = (pid) =>
    (byParent.get(pid) ?? []).forEach((child) => {
      found.push(child);
      walk(child.pid);
    });
  walk(root);
  return found;
}
