import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { profile } from '../../../worker-host/profiler/profile';
import { everyModeOnThreads } from '../profiler/every-mode-request';
import { resolveAlias } from '../../../worker-host/loader/tsconfig-paths';
import type { ProfileRequest } from '../../../worker-host/protocol/report';

const project = join(__dirname, '..', '..', 'fixtures', 'worker-shapes', 'ts-project');

const request = (file: string, functionName: string, argsExpression = ''): ProfileRequest =>
  everyModeOnThreads(join(project, 'src', file), functionName, argsExpression);

/** What TypeScript itself resolves the import to, with the project's tsconfig (extends, baseUrl, paths). */
function typescriptResolves(specifier: string, importer: string): string | undefined {
  const configFile = ts.findConfigFile(dirname(importer), ts.sys.fileExists)!;
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configFile));
  return ts.resolveModuleName(specifier, importer, options, ts.sys).resolvedModule?.resolvedFileName;
}

test('aliases resolve to the file TypeScript resolves them to, through extends, baseUrl and paths', () => {
  for (const [specifier, importer] of [
    ['@lib/format', 'report.ts'],
    ['@lib/format-cjs.cjs', 'report.cts'],
    ['src/lib/format', 'report.ts'],
  ]) {
    const file = join(project, 'src', importer);
    const ours = resolveAlias(specifier, file);
    assert.ok(ours && 'file' in ours, specifier);
    assert.equal(ours.file, typescriptResolves(specifier, file), specifier);
  }
  assert.equal(resolveAlias('lodash', join(project, 'src', 'report.ts')), undefined, 'a package is left to Node');
});

for (const file of ['report.ts', 'report.cts']) {
  test(`${file}: a module importing through a tsconfig alias loads and runs in every mode`, async () => {
    const report = await profile(request(file, 'report', '[1, 2.5]'));
    for (const result of report.results) {
      assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
      assert.equal(result.resultPreview, "'total=3.50'");
    }
  });
}

test('an alias with no file behind it is one line naming the tsconfig and the alias', async () => {
  assert.equal(typescriptResolves('@missing/helper', join(project, 'src', 'broken.ts')), undefined);
  await assert.rejects(profile(request('broken.ts', 'broken')), (error: Error) => {
    assert.match(error.message, /Cannot find '@missing\/helper'.*ts-project\/tsconfig\.json maps '@missing\/\*'/);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
});
