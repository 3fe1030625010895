import { fork, type ChildProcess } from 'node:child_process';
import v8 from 'node:v8';
import { benchFixture } from './fixtures';

interface Reply {
  type: 'task' | 'empty';
  id: number;
  bytes?: Uint8Array;
}

/** A bare forked child and the bench's own round trips over its IPC channel: the floor the executor is held to. */
export class RawChild {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private nextId = 0;

  constructor(serialization: 'advanced' | 'json') {
    this.child = fork(benchFixture('raw-echo-child.cjs'), [], { serialization });
    this.child.on('message', (reply: Reply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  private request(message: { type: string; bytes?: Uint8Array }): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ ...message, id });
    });
  }

  /** v8.serialize the task, send the bytes, the child loads, runs and sends the serialized result back. */
  async seedRound(i: number, list: number[]): Promise<number> {
    const reply = await this.request({ type: 'task', bytes: v8.serialize([i, list]) });
    const bytes = reply.bytes as Uint8Array;
    return v8.deserialize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as number;
  }

  emptyRound(): Promise<Reply> {
    return this.request({ type: 'empty' });
  }

  close(): void {
    this.child.kill();
  }
}
