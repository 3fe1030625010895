/** Prints rows as an aligned plain-text table: first column left-aligned, the others right-aligned. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? '')].length)));
  const render = (row: string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(render(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(render(row));
}

export const ratio = (value: number): string => `${value.toFixed(2)}×`;

/** `✓`/`✗` against a target such as `≤ 1.1×` or `≥ 1.0×`. */
export function verdict(value: number, target: { atMost?: number; atLeast?: number }): string {
  if (target.atMost !== undefined) return `${value <= target.atMost ? '✓' : '✗'} target ≤ ${target.atMost}×`;
  if (target.atLeast !== undefined) return `${value >= target.atLeast ? '✓' : '✗'} target ≥ ${target.atLeast}×`;
  return '';
}
