import { performance } from 'node:perf_hooks';
import { getReusableExecutor } from '../../worker-host/executor/index';
import { PICKLER_MODES } from '../../worker-host/protocol/report';
import { LokyPeer } from '../lib/loky';
import { median } from '../lib/measure';
import { RawChild } from '../lib/raw-child';
import { printTable, ratio, verdict } from '../lib/table';
import { failed, type BenchTasks } from '../lib/tasks';

const ROUNDS = 21;
const WARMUP = 3;

/** A round's milliseconds: the contender's own measure when it gives one (loky's), else the wall time. */
async function timed(once: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  const own = await once();
  return typeof own === 'number' ? own : performance.now() - start;
}

/** The median of round-by-round ratios ours ÷ peer: each round's contenders ran back to back. */
function roundRatio(ours: number[], peer: number[]): number {
  return median(ours.map((ms, round) => ms / (peer[round] as number)));
}

/**
 * 1. The seed task f(21, 10⁶ integers), warm, per mode, against the raw fork + v8.serialize floor and loky.
 * loky, the floor and every mode take turns round by round (each round starting one contender further on),
 * so a change in the machine's load hits them alike.
 */
export async function seedVersusPeers(tasks: BenchTasks): Promise<void> {
  const largeList = Array.from({ length: 1_000_000 }, (_, i) => i);
  const loky = await LokyPeer.start();
  const raw = new RawChild('advanced');
  const executor = getReusableExecutor({ backend: 'process', maxWorkers: 1, reuse: false, idleTimeoutMs: 120_000 });
  const contenders = new Map<string, () => Promise<unknown>>([
    ...(loky instanceof LokyPeer ? [['loky', () => loky.round()] as const] : []),
    ['raw', async () => void (await raw.seedRound(21, largeList))],
    ...PICKLER_MODES.map((mode) => [mode, () => executor.submitTask(tasks.seedTask, [21, largeList], { pickler: mode })] as const),
  ]);
  const times = new Map<string, number[] | string>([...contenders.keys()].map((name) => [name, []]));
  const order = [...contenders];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (const [name, once] of [...order.slice(round % order.length), ...order.slice(0, round % order.length)]) {
      const samples = times.get(name);
      if (typeof samples === 'string') continue;
      try {
        const ms = await timed(once);
        if (round >= WARMUP) samples!.push(ms);
      } catch (error) {
        times.set(name, failed(error));
      }
    }
  }
  raw.close();
  if (loky instanceof LokyPeer) loky.close();
  await executor.shutdown({ killWorkers: true });
  const floor = times.get('raw') as number[];
  const lokySamples = times.get('loky');
  const lokyTimes = Array.isArray(lokySamples) ? lokySamples : undefined;
  const lokySkipped = loky instanceof LokyPeer ? (typeof lokySamples === 'string' ? lokySamples : undefined) : loky.skipped;
  const rows = PICKLER_MODES.map((mode) => {
    const samples = times.get(mode)!;
    if (typeof samples === 'string') return [mode, samples, '', '', ''];
    const versusFloor = roundRatio(samples, floor);
    const versusLoky = lokyTimes && roundRatio(samples, lokyTimes);
    return [
      mode,
      ratio(versusFloor),
      mode === 'by-reference' ? verdict(versusFloor, { atMost: 1.1 }) : '',
      versusLoky === undefined ? '—' : ratio(versusLoky),
      mode === 'by-value' && versusLoky !== undefined ? verdict(versusLoky, { atMost: 0.3 }) : mode === 'by-value' ? 'target ≤ 0.3×' : '',
    ];
  });
  printTable(
    `1. Seed task f(21, 10⁶ integers), warm pool, process backend, ${ROUNDS} interleaved rounds: ours ÷ peer (time; median of the round-by-round ratios)`,
    ['mode', 'vs raw fork+v8', 'target', 'vs loky', 'target'],
    rows,
  );
  const medians = [...times].filter((entry): entry is [string, number[]] => Array.isArray(entry[1]));
  console.log(`   medians: ${medians.map(([name, samples]) => `${name} ${median(samples).toFixed(1)} ms`).join(', ')}`);
  if (lokySkipped) console.log(`   loky skipped: ${lokySkipped}`);
}
