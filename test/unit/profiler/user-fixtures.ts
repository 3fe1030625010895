import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let directory: string | undefined;

/**
 * A fixture copied out of the package: inside it, only examples/ and test/fixtures/ are treated as user code,
 * and these fixtures must be loaded exactly as a user's file elsewhere on disk would be.
 */
export function userFixture(name: string): string {
  directory ??= mkdtempSync(join(tmpdir(), 'serial-profile-fixtures-'));
  const target = join(directory, name);
  copyFileSync(join(__dirname, 'fixtures', name), target);
  return target;
}
