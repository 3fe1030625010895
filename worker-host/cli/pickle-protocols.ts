import type { ProfileReport } from '../protocol/report';

/** Python reports: the pickle protocol each mode's stream used, and where its buffers went (a line under the table). */
export function pickleProtocolLine(report: ProfileReport): string | undefined {
  const known = report.results.filter((result) => result.pickle?.protocol !== undefined);
  if (known.length === 0) return undefined;
  const protocols = known.map((result) => `${result.mode} ${result.pickle?.protocol}`).join(', ');
  const outOfBand = known.filter((result) => result.pickle?.outOfBand).map((result) => result.mode);
  const buffers =
    outOfBand.length > 0
      ? `out-of-band buffers: ${outOfBand.join(', ')}`
      : 'buffers in-band (loky sends none out of band)';
  return `pickle protocol: ${protocols}; ${buffers}`;
}
