import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { evaluateArguments, loadUserModule } from '../../../worker-host/loader/index';
import { isUserFile } from '../../../worker-host/loader/module-format';
import { packageRoot } from '../../../worker-host/paths';

describe('user code', () => {
  const root = packageRoot();

  test("only node_modules/ and this package's dist/ are left alone", () => {
    assert.equal(isUserFile(join(root, 'dist', 'worker.js'), root), false);
    assert.equal(isUserFile(join(root, 'dist', 'loader-hooks.mjs'), root), false);
    assert.equal(isUserFile(join(root, 'node_modules', 'acorn', 'dist', 'acorn.js'), root), false);
    assert.equal(isUserFile('/home/u/project/node_modules/lib/index.js', root), false);
    assert.equal(isUserFile(join(root, 'examples', 'seed-scenario.ts'), root), true);
    assert.equal(isUserFile(join(root, 'distant', 'task.mjs'), root), true);
    assert.equal(isUserFile(join(root, 'bench', 'task.ts'), root), true);
    assert.equal(isUserFile('/home/u/project/dist/main.js', root), true);
    assert.equal(isUserFile('/home/u/project/src/main.cts', root), true);
    assert.equal(isUserFile('/home/u/project/data.json', root), false);
  });

  test('a project inside this package folder is loaded as user code, non-exported bindings in reach', async () => {
    const module = await loadUserModule(join(__dirname, 'project', 'inside-package.mjs'));
    assert.deepEqual(evaluateArguments(module, 'hidden'), ['inside the package']);
    assert.equal(module.locationOf('hidden')?.line, 5);
  });
});
