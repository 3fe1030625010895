import { relative } from 'node:path';
import type { ProfileReport } from '../protocol/report';

/** `examples/seed-scenario.mjs#funcAsync(21, largeList) · process backend · 5 rounds + 1 warm-up · medians in ms` */
export function headline(report: ProfileReport, cwd = process.cwd()): string {
  const file = relative(cwd, report.file).startsWith('..') ? report.file : relative(cwd, report.file);
  return (
    `${file}#${report.function}(${report.argsExpression}) · ${report.backend} backend · ` +
    `${report.repeat} rounds + ${report.warmup} warm-up · medians in ms`
  );
}
