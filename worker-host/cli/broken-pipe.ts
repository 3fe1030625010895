/**
 * `serial-profile … | head` closes the pipe before everything is written: like any Unix tool, the CLI then stops
 * writing quietly (no EPIPE trace) and ends with the exit code it was going to give. Other write errors on
 * stdout are one line on stderr.
 */
export function exitWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`serial-profile: cannot write to stdout: ${error.code ?? error.message}\n`);
    process.exitCode = 1;
  });
}
