import { join } from 'node:path';
import { packageRoot } from '../../worker-host/paths';

/** A file in bench/fixtures, found from the package root whether the bench runs bundled or from source. */
export function benchFixture(name: string): string {
  return join(packageRoot(), 'bench', 'fixtures', name);
}
