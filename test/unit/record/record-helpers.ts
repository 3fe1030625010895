import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedSite, RecordReport } from '../../../worker-host/record/report-types';

export const root = join(__dirname, '..', '..', '..');
export const fixtures = join(root, 'test', 'fixtures', 'record');
const cli = join(root, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  assert.equal(result.error, undefined, 'the CLI exits by itself');
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Records `node <fixture> …args` and returns the run and the report `--out` wrote. */
export function record(
  fixture: string,
  args: string[] = [],
  options: { sample?: string; env?: NodeJS.ProcessEnv } = {},
): CliRun & { report: RecordReport } {
  const out = join(mkdtempSync(join(tmpdir(), 'record-test-')), 'report.json');
  const sample = options.sample ? ['--sample', options.sample] : [];
  const run = runCli(
    ['record', '--out', out, ...sample, '--', process.execPath, join(fixtures, fixture), ...args],
    options.env,
  );
  const report = JSON.parse(readFileSync(out, 'utf8')) as RecordReport;
  return { ...run, report };
}

/** The 1-based line of a fixture that carries `// site:<name>`, or the first line containing `text`. */
export function lineOf(fixture: string, marker: string): number {
  const lines = readFileSync(join(fixtures, fixture), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(marker));
  assert.ok(index >= 0, `${fixture} has ${marker}`);
  return index + 1;
}

/** The one site of the report at the fixture's marked line (and channel, when given). */
export function siteAt(report: RecordReport, fixture: string, marker: string, channel?: string): RecordedSite {
  const line = lineOf(fixture, marker);
  const matches = report.sites.filter(
    (site) => site.file === join(fixtures, fixture) && site.line === line && (!channel || site.channel === channel),
  );
  assert.equal(
    matches.length,
    1,
    `one site at ${fixture}:${line} (${marker}); sites: ` +
      `${report.sites.map((s) => `${s.file}:${s.line} ${s.channel}`).join(', ')}`,
  );
  return matches[0]!;
}
