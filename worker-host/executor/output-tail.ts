import type { Readable } from 'node:stream';

/** Keeps the last lines a worker wrote to a stream, to explain why it died. */
export class OutputTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly keep = 20) {}

  follow(stream: Readable | null | undefined): void {
    if (!stream) return;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.push(chunk));
  }

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }

  text(): string {
    return [...this.lines, this.partial].filter((line) => line.length > 0).join('\n');
  }
}
