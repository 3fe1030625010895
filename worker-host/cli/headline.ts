import { shownPath } from './shown-path';
import type { ProfileReport } from '../protocol/report';

/** `examples/seed-scenario.mjs#funcAsync(21, largeList) · process backend · 5 rounds + 1 warm-up · medians in ms` */
export function headline(report: ProfileReport, cwd = process.cwd()): string {
  return (
    `${shownPath(report.file, cwd)}#${report.function}(${report.argsExpression}) · ${report.backend} backend · ` +
    `${report.repeat} rounds + ${report.warmup} warm-up · medians in ms`
  );
}
