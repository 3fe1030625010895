import { soak } from '../lib/soak';
import { printTable } from '../lib/table';

const TASKS = 2_000;
const BATCH = 400;

/**
 * The long soak (`--soak`): thousands of tasks per backend, a third of them hostile (exits, errors that are
 * their own cause, timeouts, endless loops, one shared signal), with up to 400 in flight and tasks sent ahead.
 * Every figure but the counts should be 0.
 */
export async function soakUnderHostileTasks(): Promise<void> {
  const rows: string[][] = [];
  let failed = false;
  for (const backend of ['process', 'thread'] as const) {
    const started = performance.now();
    const report = await soak({ backend, tasks: TASKS, batch: BATCH, maxWorkers: 2, pipelineDepth: 8 });
    const clean =
      report.wrong.length === 0 &&
      report.ranTwice.length === 0 &&
      report.leftRunning.length === 0 &&
      report.leakedDescriptors === 0;
    failed ||= !clean;
    rows.push([
      backend,
      String(report.tasks),
      String(report.faults),
      String(report.resolved),
      String(report.workersStarted),
      String(report.wrong.length),
      String(report.ranTwice.length),
      String(report.leftRunning.length),
      String(report.leakedDescriptors),
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
      clean ? '✓' : '✗',
    ]);
    for (const line of report.wrong.slice(0, 5)) console.log(`  ${backend}: ${line}`);
  }
  printTable(
    `Soak: ${TASKS} tasks per backend, ${BATCH} in flight, 2 workers, pipelineDepth 8; hostile tasks mixed in ` +
      '(should all be 0: wrong outcome, run twice, left running, descriptors left)',
    [
      'backend',
      'tasks',
      'faults',
      'resolved',
      'workers started',
      'wrong',
      'ran twice',
      'left running',
      'fds left',
      'took',
      '',
    ],
    rows,
  );
  if (failed) throw new Error('the soak found a task lost, run twice, or something left behind');
}
