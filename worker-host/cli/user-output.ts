/**
 * While user code runs in this process (loading the module, evaluating `--args`), whatever it prints goes to
 * stderr: stdout carries the report alone, so `--json` and `--markdown` output stays parseable.
 * Returns a writer for the report itself.
 */
export function keepStdoutForReport(): (text: string) => Promise<void> {
  const stdout = process.stdout;
  const reportWrite = stdout.write.bind(stdout) as (chunk: string, callback: () => void) => boolean;
  const toStderr = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  stdout.write = toStderr;
  return (text) => new Promise((resolve) => reportWrite(text, () => resolve()));
}
