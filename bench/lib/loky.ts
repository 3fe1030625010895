import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { benchFixture } from './fixtures';

const PYTHON = '/usr/bin/python3';

/** Real loky (joblib's bundled copy or loky itself) running the seed task one round at a time. */
export class LokyPeer {
  private readonly lines: AsyncIterator<string>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  /** A warm loky pool, or why there cannot be one here. */
  static async start(): Promise<LokyPeer | { skipped: string }> {
    if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found` };
    try {
      execFileSync(PYTHON, ['-c', 'try:\n import joblib.externals.loky\nexcept ImportError:\n import loky'], {
        stdio: 'pipe',
      });
    } catch {
      return { skipped: `neither joblib (Debian python3-joblib) nor loky is importable by ${PYTHON}` };
    }
    const peer = new LokyPeer(spawn(PYTHON, [benchFixture('loky_seed.py')], { stdio: 'pipe' }));
    const first = await peer.lines.next();
    if (first.done || first.value !== 'ready') {
      peer.close();
      return { skipped: `loky did not start: ${first.done ? 'it exited' : first.value}` };
    }
    return peer;
  }

  /** One warm round; loky's own measure of it in milliseconds (the line on stdin and stdout not included). */
  async round(): Promise<number> {
    this.child.stdin.write('round\n');
    const line = await this.lines.next();
    const ms = line.done ? NaN : Number(line.value);
    if (!Number.isFinite(ms)) throw new Error(`loky round failed: ${line.done ? 'it exited' : line.value}`);
    return ms;
  }

  close(): void {
    this.child.stdin.end();
  }
}
