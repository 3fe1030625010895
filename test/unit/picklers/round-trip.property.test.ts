import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { join } from 'node:path';
import fc from 'fast-check';
import { PickleError } from '../../../worker-host/errors';
import { loadUserModule } from '../../../worker-host/loader/index';
import { resolvePickler } from '../../../worker-host/picklers/index';
import { PICKLER_MODES, type ValueWarning } from '../../../worker-host/protocol/report';
import { buildGraph, graphSpec, type GraphValues } from './support/graph-spec';
import { covers, graphDifferences, pathsWhere } from './support/graph-compare';

/** Generated graphs per mode; small graphs keep the whole run to seconds. */
const RUNS_PER_MODE = Number(process.env.PICKLER_PROPERTY_RUNS ?? 10_000);

let values: GraphValues;
let hiddenClass: Function;

before(async () => {
  const module = await loadUserModule(join(__dirname, '..', '..', 'fixtures', 'modules', 'property-values.mjs'));
  values = module.namespace as unknown as GraphValues;
  hiddenClass = Object.getPrototypeOf(values.make.hidden(0)).constructor as Function;
});

/** The values each mode may refuse (with a PickleError naming one of their paths) instead of carrying. */
function refusable(mode: string): { refused: (value: unknown) => boolean; descend?: (value: object) => boolean } {
  switch (mode) {
    case 'by-value':
      return { refused: () => false };
    case 'by-reference':
    case 'wrapped':
      return {
        refused: (value) =>
          (typeof value === 'function' && value !== values.exportedFn && value !== values.exportedClosure) ||
          (typeof value === 'object' && value !== null && value instanceof hiddenClass),
      };
    // The real channels decide: a part they refuse on its own (a BigInt or an object on a cycle under JSON, a
    // function or symbol under structured clone).
    case 'json':
      return {
        refused: (value) => refusedBy(() => JSON.stringify({ data: value })),
        descend: (value) =>
          !(
            value instanceof Map ||
            value instanceof Set ||
            typeof (value as { toJSON?: unknown }).toJSON === 'function'
          ),
      };
    default:
      return { refused: (value) => refusedBy(() => structuredClone(value)) };
  }
}

function refusedBy(channel: () => unknown): boolean {
  try {
    channel();
    return false;
  } catch {
    return true;
  }
}

describe('loads(dumps(x)) is x, or the difference is reported at its path', () => {
  for (const mode of PICKLER_MODES) {
    test(`${mode}: ${RUNS_PER_MODE} generated graphs`, async () => {
      const pickler = await resolvePickler(mode);
      const { refused, descend } = refusable(mode);
      let carried = 0;
      await fc.assert(
        fc.asyncProperty(graphSpec, async (spec) => {
          const graph = buildGraph(spec, values);
          const warnings: ValueWarning[] = [];
          let copy: unknown;
          try {
            copy = await pickler.loads(pickler.dumps(graph, { root: 'result', warnings }), {
              root: 'result',
              warnings,
            });
          } catch (error) {
            assert.ok(error instanceof PickleError, `${mode} threw ${String(error)}`);
            assert.ok(error.valueType, 'a PickleError names the value type');
            const allowed = pathsWhere(graph, 'result', refused, descend);
            assert.ok(
              error.path !== undefined && allowed.has(error.path),
              `${mode} refused ${error.path}; may refuse only ${[...allowed].join(', ')}`,
            );
            return;
          }
          carried++;
          const silent = graphDifferences(graph, copy, 'result').filter(
            (difference) => !warnings.some((w) => covers(w.path, difference)),
          );
          assert.deepEqual(silent, [], `${mode} changed values without saying so`);
        }),
        { numRuns: RUNS_PER_MODE },
      );
      assert.ok(carried > 0);
    });
  }
});
