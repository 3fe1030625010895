import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { TraceEvent } from '../trace-events';

/**
 * This thread's append-only event file. Events wait in memory until `flush`, which writes them in one
 * synchronous append: what was flushed survives however the process ends.
 */
export class EventLog {
  private readonly fd: number;
  private pending: string[] = [];

  constructor(directory: string) {
    const name = `events-node-${process.pid}${threadId === 0 ? '' : `-${threadId}`}.jsonl`;
    this.fd = openSync(join(directory, name), 'a');
  }

  add(event: TraceEvent): void {
    this.pending.push(JSON.stringify(event));
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    try {
      writeSync(this.fd, text);
    } catch {
      // A trace directory that vanished (the CLI was killed) must not break the program being recorded.
    }
  }

  close(): void {
    this.flush();
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
