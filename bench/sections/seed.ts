import { getReusableExecutor } from '../../worker-host/executor/index';
import { PICKLER_MODES } from '../../worker-host/protocol/report';
import { lokySeedMs } from '../lib/loky';
import { medianMs } from '../lib/measure';
import { RawChild } from '../lib/raw-child';
import { printTable, ratio, verdict } from '../lib/table';
import { failed, type BenchTasks } from '../lib/tasks';

const ROUNDS = 9;

/** 1. The seed task f(21, 10⁶ integers), warm, per mode, against the raw fork + v8.serialize floor and loky. */
export async function seedVersusPeers(tasks: BenchTasks): Promise<void> {
  const largeList = Array.from({ length: 1_000_000 }, (_, i) => i);
  const raw = new RawChild('advanced');
  const floor = await medianMs(() => raw.seedRound(21, largeList), ROUNDS, 2);
  raw.close();
  const loky = lokySeedMs(ROUNDS);

  const executor = getReusableExecutor({ backend: 'process', maxWorkers: 1, reuse: false });
  const rows: string[][] = [];
  for (const mode of PICKLER_MODES) {
    const ours = await medianMs(() => executor.submitTask(tasks.seedTask, [21, largeList], { pickler: mode }), ROUNDS, 2).catch(failed);
    if (typeof ours === 'string') {
      rows.push([mode, ours, '', '', '']);
      continue;
    }
    rows.push([
      mode,
      ratio(ours / floor),
      mode === 'by-reference' ? verdict(ours / floor, { atMost: 1.1 }) : '',
      'median' in loky ? ratio(ours / loky.median) : '—',
      mode === 'by-value' && 'median' in loky ? verdict(ours / loky.median, { atMost: 0.3 }) : mode === 'by-value' ? 'target ≤ 0.3×' : '',
    ]);
  }
  await executor.shutdown({ wait: false, killWorkers: true });
  printTable(
    '1. Seed task f(21, 10⁶ integers), warm pool, process backend: ours ÷ peer (time)',
    ['mode', 'vs raw fork+v8', 'target', 'vs loky', 'target'],
    rows,
  );
  if ('skipped' in loky) console.log(`   loky skipped: ${loky.skipped}`);
}
