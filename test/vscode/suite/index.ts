// Runs inside the extension host: loads every bundled *.test.js beside this file into mocha.
// Both mocha interfaces are bound, so a suite file may use describe/it or suite/test.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5_000 });
  Mocha.interfaces.tdd(mocha.suite);
  const grep = process.env.VSCODE_SUITE_GREP;
  // A regular expression, so that one run can pick several suites: `stale|quick fixes`.
  if (grep) mocha.grep(new RegExp(grep));

  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files in ${__dirname}`));
  for (const name of files) mocha.addFile(join(__dirname, name));

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (error) {
      reject(error);
    }
  });
}
