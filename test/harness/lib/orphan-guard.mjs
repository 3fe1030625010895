// Runs a command and ends the whole process group when the runner that started it dies without cleaning up
// (e.g. killed by a CI timeout). Usage: node orphan-guard.mjs <runner pid> <command> [args...]
import { spawn } from 'node:child_process';

const [runnerPid, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));

setInterval(() => {
  try {
    process.kill(Number(runnerPid), 0);
  } catch {
    process.kill(0, 'SIGKILL'); // our own group: this guard, the command and everything it started
  }
}, 1000).unref();
