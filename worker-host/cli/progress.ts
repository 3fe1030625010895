import type { ProfileProgress } from '../protocol/report';

/** One self-redrawing status line on a terminal; silent when stderr is a pipe or file, so logs stay clean. */
export class ProgressLine {
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(progress: ProfileProgress): void {
    if (!this.enabled) return;
    this.stream.write(`\r\x1b[K${describeProgress(progress)}`);
    this.drawn = true;
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
