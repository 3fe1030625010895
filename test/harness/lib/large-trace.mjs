// The trace of a large program, written once for the real-VS-Code suite and the UI check that open it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A report of `sites` send sites over ten files in `dir`, `messages` messages in all;
 * one site in 25 has a finding.
 * @param {string} dir
 * @param {number} sites
 * @param {number} messages
 * @returns {string} the report's path
 */
export function writeLargeTrace(dir, sites, messages) {
  mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: 10 }, (_, i) => join(dir, `service-${i}.mjs`));
  for (const file of files)
    writeFileSync(
      file,
      Array.from({ length: 100 }, (_, l) => `port.postMessage({ line: ${l + 1} });`).join('\n') + '\n',
    );
  const perSite = messages / sites;
  const report = {
    version: 1,
    command: ['node', 'load-test.mjs'],
    exitCode: 0,
    durationMs: 60_000,
    processes: 12,
    messages,
    messagesMeasured: sites * 50,
    sites: Array.from({ length: sites }, (_, i) => ({
      file: files[i % 10],
      line: Math.floor(i / 10) + 1,
      column: 6,
      channel: 'MessagePort.postMessage',
      serialization: 'structured-clone',
      library: null,
      api: null,
      direction: 'task',
      runtime: 'node',
      messages: perSite,
      measured: 50,
      bytes: { total: perSite * (200 + i), p50: 200 + i, p95: 220 + i, max: 400 + i, estimated: true },
      serializeMs: perSite * 0.002 * (1 + (i % 7)),
      deserializeMs: perSite * 0.001,
      deserializeEstimated: true,
      runMs: null,
      shareOfWall: 0.001,
      failures: [],
      findings:
        i % 25 === 0
          ? [
              {
                kind: 'repeated-large-value',
                path: '.line',
                message: 'the same object is serialized again',
                fix: 'send it once',
                bytes: 70_000,
                count: 10,
              },
            ]
          : [],
    })),
  };
  const path = join(dir, 'large-trace.json');
  writeFileSync(path, JSON.stringify(report));
  return path;
}
