import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { readMessages, writeMessage } from '../../../worker-host/executor/frames';

interface Sent {
  type: string;
  id: number;
  sentAt: bigint;
  bytes?: Uint8Array;
}

test('frames: messages with small, odd-sized and large payloads arrive whole however the pipe chunks them; large payloads are 8-byte aligned', async () => {
  const sizes = [0, 1, 7, 13, 4096, 65_535, 65_536, 300_001, 3];
  const sent: Sent[] = sizes.map((size, id) => ({
    type: 'task',
    id,
    sentAt: BigInt(id) * 1_000_000_007n,
    ...(size === 0 ? {} : { bytes: Uint8Array.from({ length: size }, (_, i) => (i * 31 + id) & 0xff) }),
  }));
  const writer = new PassThrough();
  const wire: Buffer[] = [];
  writer.on('data', (chunk: Buffer) => wire.push(chunk));
  for (const message of sent) writeMessage(writer, message);
  const bytes = Buffer.concat(wire);

  const reader = new PassThrough();
  const received: Sent[] = [];
  readMessages<Sent>(reader, (message) => received.push(message));
  // Re-chunk the stream at awkward sizes, as a pipe may.
  for (let offset = 0, step = 1; offset < bytes.byteLength; offset += step, step = (step * 7 + 3) % 70_001 || 1) {
    reader.write(bytes.subarray(offset, offset + step));
  }
  await new Promise((resolve) => setImmediate(resolve));

  assert.equal(received.length, sent.length);
  received.forEach((message, index) => {
    const expected = sent[index] as Sent;
    assert.equal(message.id, expected.id);
    assert.equal(message.sentAt, expected.sentAt);
    assert.deepEqual(message.bytes ? Buffer.from(message.bytes) : undefined, expected.bytes ? Buffer.from(expected.bytes) : undefined);
    if (message.bytes && message.bytes.byteLength >= 65_536) assert.equal(message.bytes.byteOffset % 8, 0);
  });
});
