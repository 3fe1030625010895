import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { measuredWeight, nextMeasured } from '../../../worker-host/record/preload/sampling';

test('the recorder steps from measured message to measured message exactly where the sampling measures', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 50 }), (first, every) => {
      const policy = { first, every };
      const limit = first + 40 * every * 16;
      const measured = [];
      for (let ordinal = 1; ordinal <= limit; ordinal++) {
        if (measuredWeight(policy, ordinal) > 0) measured.push(ordinal);
      }
      const stepped = [];
      for (let ordinal = nextMeasured(policy, 0); ordinal <= limit; ordinal = nextMeasured(policy, ordinal))
        stepped.push(ordinal);
      assert.deepEqual(stepped, measured);
    }),
    { numRuns: 60 },
  );
});

test('with every message measured, every ordinal is next', () => {
  const all = { first: Infinity, every: 1 };
  for (let ordinal = 0; ordinal < 1000; ordinal++) assert.equal(nextMeasured(all, ordinal), ordinal + 1);
});
