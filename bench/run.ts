/**
 * `npm run bench`: how the executor and profiler compare with their peers, measured in this run on this machine.
 * Only ratios are printed (never absolute thresholds), each next to the target it is held to.
 *   node --import tsx bench/run.ts [--full]    (--full adds the 10⁷-element and 10⁶-object sizes)
 */
import { join } from 'node:path';
import { seedVersusPeers } from './sections/seed';
import { emptyRoundTrip } from './sections/empty';
import { throughputVersusPiscina } from './sections/throughput';
import { costGrowth } from './sections/growth';
import { profilerOverhead } from './sections/overhead';
import { loadTasks } from './lib/tasks';

async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  const tasks = await loadTasks(join(__dirname, 'fixtures', 'tasks.mjs'));
  console.log(`Serialization Profiler benchmarks · node ${process.version} · ${new Date().toISOString()}`);
  console.log('Ratios are ours ÷ peer for times (lower is better) and ours ÷ peer for throughput (higher is better).');
  await seedVersusPeers(tasks);
  await emptyRoundTrip(tasks);
  await throughputVersusPiscina(tasks);
  await costGrowth(tasks, full);
  await profilerOverhead(tasks);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
