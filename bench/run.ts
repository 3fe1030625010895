/**
 * `npm run bench`: how the executor and profiler compare with their peers, measured in this run on this machine.
 * Only ratios are printed (never absolute thresholds), each next to the target it is held to.
 *   node --import tsx bench/run.ts [--full] [--only 2,3] [--soak]
 * --full adds the 10⁷-element and 10⁶-object sizes; --only runs the numbered sections alone; --soak
 * runs the long soak under hostile tasks alone.
 */
import { seedVersusPeers } from './sections/seed';
import { emptyRoundTrip } from './sections/empty';
import { throughputVersusPiscina } from './sections/throughput';
import { costGrowth } from './sections/growth';
import { profilerOverhead } from './sections/overhead';
import { realShapedVersusPiscina } from './sections/real-shaped';
import { recordingOverhead } from './sections/record';
import { pythonRecording } from './sections/python-record';
import { soakUnderHostileTasks } from './sections/soak';
import { loadTasks } from './lib/tasks';
import { benchFixture } from './lib/fixtures';

async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  const tasks = await loadTasks(benchFixture('tasks.mjs'));
  console.log(`Serialization Profiler benchmarks · node ${process.version} · ${new Date().toISOString()}`);
  console.log('Ratios are ours ÷ peer for times (lower is better) and ours ÷ peer for throughput (higher is better).');
  const sections: [string, () => Promise<void>][] = [
    ['1. seed task', () => seedVersusPeers(tasks)],
    ['2. empty round trip', () => emptyRoundTrip(tasks)],
    ['3. throughput', () => throughputVersusPiscina(tasks)],
    ['4. cost growth', () => costGrowth(tasks, full)],
    ['5. profiler overhead', () => profilerOverhead(tasks)],
    ['6. real-shaped tasks', () => realShapedVersusPiscina()],
    ['7. recording overhead', () => recordingOverhead()],
    ['8. python recording', () => pythonRecording()],
  ];
  if (process.argv.includes('--soak')) sections.splice(0, sections.length, ['soak', soakUnderHostileTasks]);
  const only = selectedSections(sections.length);
  let failures = 0;
  for (const [name, section] of sections) {
    if (only && !only.has(name.split('.')[0])) continue;
    try {
      await section();
    } catch (error) {
      failures++;
      console.log(`\n${name}: could not be measured: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (failures > 0) process.exitCode = 1;
}

/** The section numbers after --only, or undefined to run them all. */
function selectedSections(count: number): Set<string> | undefined {
  const at = process.argv.indexOf('--only');
  if (at < 0) return undefined;
  const list = process.argv[at + 1] ?? '';
  const numbers = list
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (numbers.length === 0 || numbers.some((n) => !/^\d+$/.test(n) || Number(n) < 1 || Number(n) > count)) {
    console.error(
      `--only takes section numbers 1 to ${count} separated by commas (for example --only 2,3), not "${list}".`,
    );
    process.exit(2);
  }
  return new Set(numbers);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
