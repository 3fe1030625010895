import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { summarizeTimings, type RoundMeasure } from '../../../worker-host/profiler/mode-result';
import { PHASES, type Timings } from '../../../worker-host/protocol/report';
import { discoverPython } from '../../../worker-host/python/index';

const BRIDGE_DIR = join(__dirname, '..', '..', '..', 'python');

/** Rounds of integer nanoseconds per phase, from a fixed seed; the total is the phases' sum, as both sides measure. */
function roundsOf(count: number, seed: number): Record<string, number>[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31);
  return Array.from({ length: count }, () => Object.fromEntries(PHASES.map((phase) => [phase, next() % 5_000_000])));
}

async function pythonSummary(rounds: Record<string, number>[]): Promise<Timings> {
  const python = await discoverPython();
  const script = `
import json, sys
from serialization_profiler_bridge.measure import timings
rounds = json.loads(sys.argv[1])
print(json.dumps(timings([(r, sum(r.values())) for r in rounds])))`;
  const { stdout } = await promisify(execFile)(python.command, ['-c', script, JSON.stringify(rounds)], {
    cwd: BRIDGE_DIR,
  });
  return JSON.parse(stdout) as Timings;
}

function typescriptSummary(rounds: Record<string, number>[]): Timings {
  const measured: RoundMeasure[] = rounds.map((round) => {
    const timings = Object.fromEntries(PHASES.map((phase) => [phase, round[phase] / 1e6])) as RoundMeasure['timings'];
    timings.total = PHASES.reduce((sum, phase) => sum + round[phase], 0) / 1e6;
    return { timings, bytes: { task: 0, result: 0 } };
  });
  return summarizeTimings(measured);
}

test(
  'the Python bridge and the TypeScript profiler summarise ' + 'rounds by one definition (odd and even counts)',
  async () => {
    for (const [count, seed] of [
      [1, 7],
      [2, 11],
      [5, 13],
      [6, 17],
      [21, 19],
    ]) {
      const rounds = roundsOf(count, seed);
      const python = await pythonSummary(rounds);
      const typescript = typescriptSummary(rounds);
      for (const key of [...PHASES, 'total'] as const) {
        for (const stat of ['median', 'min', 'max'] as const) {
          const [a, b] = [python[key][stat], typescript[key][stat]];
          assert.ok(
            Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)),
            `${count} rounds, ${key}.${stat}: Python ${a}, TypeScript ${b}`,
          );
        }
      }
    }
  },
);
