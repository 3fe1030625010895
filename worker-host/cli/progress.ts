import type { ProfileProgress } from '../protocol/report';

/** How long a run goes before a pipe or log file gets progress lines, and how often then. */
const QUIET_MS = 2000;

/**
 * Progress on stderr: on a terminal, one self-redrawing status line; to a pipe or file, a plain line every
 * couple of seconds once the run has lasted that long, so short runs leave logs clean and long ones show life.
 * Each says the mode, the round and the time elapsed.
 */
export class ProgressLine {
  private drawn = false;
  private readonly startedAt = Date.now();
  private lastLineAt = this.startedAt;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(progress: ProfileProgress): void {
    const now = Date.now();
    const text = `${describeProgress(progress)} · ${formatElapsed(now - this.startedAt)}`;
    if (this.enabled) {
      this.stream.write(`\r\x1b[K${text}`);
      this.drawn = true;
    } else if (now - this.lastLineAt >= QUIET_MS) {
      this.stream.write(`serial-profile: ${text}\n`);
      this.lastLineAt = now;
    }
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

export function describeProgress(p: ProfileProgress): string {
  const where = `[${p.modeIndex + 1}/${p.modeCount}] ${p.mode}`;
  if (p.stage === 'loading') return `${where}: loading…`;
  if (p.stage === 'done') return `${where}: done`;
  return `${where}: ${p.stage} ${p.round}/${p.rounds}`;
}

function formatElapsed(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
