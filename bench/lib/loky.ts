import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { benchFixture } from './fixtures';

const PYTHON = '/usr/bin/python3';

export type LokyResult = { median: number } | { skipped: string };

/** The seed task under real loky (joblib's bundled copy or loky itself), or why it cannot run here. */
export function lokySeedMs(rounds: number): LokyResult {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found` };
  try {
    execFileSync(PYTHON, ['-c', 'try:\n import joblib.externals.loky\nexcept ImportError:\n import loky'], { stdio: 'pipe' });
  } catch {
    return { skipped: `neither joblib (Debian python3-joblib) nor loky is importable by ${PYTHON}` };
  }
  try {
    const output = execFileSync(PYTHON, [benchFixture('loky_seed.py'), String(rounds)], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    return { median: (JSON.parse(output.trim().split('\n').pop() ?? '{}') as { median: number }).median };
  } catch (error) {
    return { skipped: `loky run failed: ${(error as Error).message.split('\n')[0]}` };
  }
}
