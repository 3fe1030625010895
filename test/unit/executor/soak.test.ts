import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { soak } from '../../../bench/lib/soak';

describe('soak: hostile tasks mixed with ordinary ones', { timeout: 300_000 }, () => {
  for (const backend of ['process', 'thread'] as const) {
    test(`${backend}: nothing lost, nothing run twice, the parent alive, nothing left running or open`, async () => {
      const report = await soak({ backend, tasks: 200, batch: 100, maxWorkers: 2, pipelineDepth: 4 });
      assert.deepEqual(report.wrong, []);
      assert.deepEqual(report.ranTwice, []);
      assert.ok(report.faults >= 60, `${report.faults} faults`);
      assert.ok(report.resolved >= 100, `${report.resolved} resolved`);
      assert.deepEqual(report.leftRunning, [], 'no worker or watcher process left');
      assert.equal(report.leakedDescriptors, 0, 'no descriptor left open');
    });
  }
});
