import { getReusableExecutor } from '../../worker-host/executor/index';
import { PICKLER_MODES } from '../../worker-host/protocol/report';
import { LokyPeer } from '../lib/loky';
import { interleavedRounds, median, roundRatio } from '../lib/measure';
import { RawChild } from '../lib/raw-child';
import { printTable, ratio, verdict } from '../lib/table';
import { failed, type BenchTasks } from '../lib/tasks';

const ROUNDS = 21;
const WARMUP = 3;

/**
 * 1. The seed task f(21, 10⁶ integers), warm, per mode, against the raw fork + v8.serialize floor and loky, in
 * interleaved rounds.
 */
export async function seedVersusPeers(tasks: BenchTasks): Promise<void> {
  const largeList = Array.from({ length: 1_000_000 }, (_, i) => i);
  const loky = await LokyPeer.start();
  const raw = new RawChild('advanced');
  const executor = getReusableExecutor({ backend: 'process', maxWorkers: 1, reuse: false, idleTimeoutMs: 120_000 });
  const contenders = new Map<string, () => Promise<unknown>>([
    ...(loky instanceof LokyPeer ? [['loky', () => loky.round()] as const] : []),
    ['raw', async () => void (await raw.seedRound(21, largeList))],
    ...PICKLER_MODES.map(
      (mode) => [mode, () => executor.submitTask(tasks.seedTask, [21, largeList], { pickler: mode })] as const,
    ),
  ]);
  const times = await interleavedRounds(contenders, ROUNDS, WARMUP, failed);
  raw.close();
  if (loky instanceof LokyPeer) loky.close();
  await executor.shutdown({ killWorkers: true });
  const floorSamples = times.get('raw');
  const floor = Array.isArray(floorSamples) ? floorSamples : undefined;
  const lokySamples = times.get('loky');
  const lokyTimes = Array.isArray(lokySamples) ? lokySamples : undefined;
  const lokySkipped =
    loky instanceof LokyPeer ? (typeof lokySamples === 'string' ? lokySamples : undefined) : loky.skipped;
  const rows = PICKLER_MODES.map((mode) => {
    const samples = times.get(mode)!;
    if (typeof samples === 'string') return [mode, samples, '', '', ''];
    const versusFloor = floor && roundRatio(samples, floor);
    const versusLoky = lokyTimes && roundRatio(samples, lokyTimes);
    return [
      mode,
      versusFloor === undefined ? `floor ${floorSamples}` : ratio(versusFloor),
      mode === 'by-reference' && versusFloor !== undefined ? verdict(versusFloor, { atMost: 1.1 }) : '',
      versusLoky === undefined ? '—' : ratio(versusLoky),
      mode === 'by-value' && versusLoky !== undefined
        ? verdict(versusLoky, { atMost: 0.3 })
        : mode === 'by-value'
          ? 'target ≤ 0.3×'
          : '',
    ];
  });
  printTable(
    `1. Seed task f(21, 10⁶ integers), warm pool, process backend, ${ROUNDS} interleaved rounds: ` +
      `ours ÷ peer (time; median of the round-by-round ratios)`,
    ['mode', 'vs raw fork+v8', 'target', 'vs loky', 'target'],
    rows,
  );
  const medians = [...times].filter((entry): entry is [string, number[]] => Array.isArray(entry[1]));
  console.log(`   medians: ${medians.map(([name, samples]) => `${name} ${median(samples).toFixed(1)} ms`).join(', ')}`);
  if (lokySkipped) console.log(`   loky skipped: ${lokySkipped}`);
}
