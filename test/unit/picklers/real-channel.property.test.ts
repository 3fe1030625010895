import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { join } from 'node:path';
import fc from 'fast-check';
import { PickleError } from '../../../worker-host/errors';
import { loadUserModule } from '../../../worker-host/loader/index';
import { jsonPickler, structuredClonePickler } from '../../../worker-host/picklers/index';
import type { Pickler } from '../../../worker-host/picklers/pickler';
import type { ValueWarning } from '../../../worker-host/protocol/report';
import { buildGraph, realWorldGraphSpec, type GraphValues } from './support/graph-spec';
import { covers, graphDifferences, pathsWhere } from './support/graph-compare';

/** At least 10,000 generated graphs per mode (the environment variable may only raise it). */
const RUNS = Math.max(10_000, Number(process.env.PICKLER_PROPERTY_RUNS ?? 0));

let values: GraphValues;
before(async () => {
  const module = await loadUserModule(join(__dirname, '..', '..', 'fixtures', 'modules', 'property-values.mjs'));
  values = module.namespace as unknown as GraphValues;
});

/** The real channels, called directly: what a `json` child_process channel and `postMessage` deliver. */
const REAL: Record<'json' | 'structured-clone', { pickler: Pickler; deliver: (value: unknown) => unknown }> = {
  json: {
    pickler: jsonPickler,
    deliver: (value) => (JSON.parse(JSON.stringify({ data: value })) as { data: unknown }).data,
  },
  'structured-clone': { pickler: structuredClonePickler, deliver: (value) => structuredClone(value) },
};

function attempt(run: () => unknown): { value: unknown } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

describe('json and structured-clone deliver what the real channel delivers, and report every change it makes', () => {
  for (const [mode, { pickler, deliver }] of Object.entries(REAL)) {
    const against = mode === 'json' ? 'JSON.stringify/JSON.parse' : 'structuredClone';
    test(`${mode}: ${RUNS} generated graphs against ${against}`, async () => {
      let delivered = 0;
      await fc.assert(
        fc.asyncProperty(realWorldGraphSpec, async (spec) => {
          const graph = buildGraph(spec, values);
          const real = attempt(() => deliver(graph));
          const warnings: ValueWarning[] = [];
          const ours = attempt(() =>
            pickler.loads(pickler.dumps(graph, { root: 'result', warnings }), { root: 'result' }),
          );
          if ('error' in real) {
            assert.ok(
              'error' in ours && ours.error instanceof PickleError,
              `the real channel refused (${String(real.error)}); ${mode} did not`,
            );
            const refusedAlone = pathsWhere(graph, 'result', (part) => 'error' in attempt(() => deliver(part)));
            assert.ok(
              refusedAlone.has(ours.error.path!),
              `${mode} blamed ${ours.error.path}; the channel refuses ${[...refusedAlone].join(', ')}`,
            );
            return;
          }
          assert.ok(
            'value' in ours,
            `${mode} refused what the real channel carries: ${String((ours as { error: unknown }).error)}`,
          );
          delivered++;
          assert.deepEqual(
            graphDifferences(real.value, ours.value, 'result'),
            [],
            `${mode} delivered something else than the real channel`,
          );
          const changes = graphDifferences(graph, real.value, 'result');
          const silent = changes.filter((change) => !warnings.some((warning) => covers(warning.path, change)));
          assert.deepEqual(silent, [], `${mode} changed values without saying so`);
          const unfounded = warnings.filter(
            (warning) => !changes.some((change) => covers(warning.path, change) || covers(change, warning.path)),
          );
          assert.deepEqual(unfounded, [], `${mode} reported changes the channel does not make`);
        }),
        { numRuns: RUNS },
      );
      assert.ok(delivered > RUNS / 4, `only ${delivered} graphs were carried`);
    });
  }
});
