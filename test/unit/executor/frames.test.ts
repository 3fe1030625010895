import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import fc from 'fast-check';
import { readMessages, writeMessage } from '../../../worker-host/executor/frames';

interface Sent {
  type: string;
  id: number;
  sentAt: bigint;
  bytes?: Uint8Array;
}

/** The bytes `messages` put on the wire, in order. */
function framed(messages: object[]): Buffer {
  const writer = new PassThrough();
  const wire: Buffer[] = [];
  writer.on('data', (chunk: Buffer) => wire.push(chunk));
  for (const message of messages) writeMessage(writer, message);
  return Buffer.concat(wire);
}

/** The messages read back from `bytes` written in chunks of the sizes `steps` gives, one after another. */
async function readInChunks<M>(bytes: Buffer, steps: Iterator<number>): Promise<M[]> {
  const reader = new PassThrough();
  const received: M[] = [];
  readMessages<M>(reader, (message) => received.push(message));
  for (let offset = 0; offset < bytes.byteLength;) {
    const step = steps.next().value as number;
    reader.write(bytes.subarray(offset, offset + step));
    offset += step;
  }
  await new Promise((resolve) => setImmediate(resolve));
  return received;
}

test(
  'frames: messages with small, odd-sized and large payloads arrive ' +
    'whole however the pipe chunks them; large payloads are 8-byte aligned',
  async () => {
    const sizes = [0, 1, 7, 13, 4096, 65_535, 65_536, 300_001, 3];
    const sent: Sent[] = sizes.map((size, id) => ({
      type: 'task',
      id,
      sentAt: BigInt(id) * 1_000_000_007n,
      ...(size === 0 ? {} : { bytes: Uint8Array.from({ length: size }, (_, i) => (i * 31 + id) & 0xff) }),
    }));
    // Re-chunk the stream at awkward sizes, as a pipe may.
    const awkward = (function* () {
      for (let step = 1; ; step = (step * 7 + 3) % 70_001 || 1) yield step;
    })();
    const received = await readInChunks<Sent>(framed(sent), awkward);

    assert.equal(received.length, sent.length);
    received.forEach((message, index) => {
      const expected = sent[index] as Sent;
      assert.equal(message.id, expected.id);
      assert.equal(message.sentAt, expected.sentAt);
      assert.deepEqual(
        message.bytes ? Buffer.from(message.bytes) : undefined,
        expected.bytes ? Buffer.from(expected.bytes) : undefined,
      );
      if (message.bytes && message.bytes.byteLength >= 65_536) assert.equal(message.bytes.byteOffset % 8, 0);
    });
  },
);

test(
  'frames: task, result and other messages arrive exactly as sent, ' + 'whichever header layout carries them',
  async () => {
    const stamps = { receivedAt: 11n, startedAt: 11n, loadedAt: 12n, ranAt: 2n ** 63n + 5n, sentAt: 14n };
    const sent: object[] = [
      { type: 'task', id: 0, pickler: 'by-value', bytes: Uint8Array.of(1, 2, 3), sentAt: 123_456_789_012n },
      {
        type: 'task',
        id: 4_294_967_295,
        pickler: '/päth/to/my-pickler.js',
        bytes: new Uint8Array(0),
        sentAt: 0n,
        measureMemory: true,
      },
      { type: 'task', id: 2, pickler: 'json', bytes: Uint8Array.of(9), sentAt: 1n, measureMemory: false },
      { type: 'task', id: 2.5, pickler: 'json', bytes: Uint8Array.of(9), sentAt: 1n },
      { type: 'result', id: 3, bytes: Uint8Array.of(7, 7), stamps, warnings: [], memoryBytes: 0 },
      {
        type: 'result',
        id: 4,
        bytes: Uint8Array.of(8),
        stamps,
        warnings: [{ path: 'result', message: 'changed' }],
        memoryBytes: 52_428_800.5,
      },
      { type: 'result', id: 5, bytes: Uint8Array.of(8), stamps, warnings: [], memoryBytes: 1, extra: 'kept' },
      { type: 'ready', pid: 42, memoryBytes: 1024 },
      {
        type: 'failure',
        id: 6,
        kind: 'run',
        error: { name: 'Error', message: 'x', props: {} },
        stamps: { receivedAt: 1n, startedAt: 2n },
        taskBytes: 3,
        memoryBytes: 0,
      },
      { type: 'stop' },
    ];
    const stream = new PassThrough();
    const received: object[] = [];
    readMessages<object>(stream, (message) => received.push(message));
    for (const message of sent) writeMessage(stream, message);
    await new Promise((resolve) => setImmediate(resolve));
    const plain = (message: object) =>
      Object.fromEntries(
        Object.entries(message).map(([key, value]) => [key, value instanceof Uint8Array ? [...value] : value]),
      );
    assert.deepEqual(received.map(plain), sent.map(plain));
  },
);

test('frames: any sequence of messages, cut into chunks anywhere, arrives whole and in order (property)', async () => {
  const payload = fc.oneof(
    fc.constant(undefined),
    fc.uint8Array({ maxLength: 40 }),
    fc
      .integer({ min: 65_530, max: 70_000 })
      .map((size) => Uint8Array.from({ length: size }, (_, i) => (i * 13) & 0xff)),
  );
  const message = fc.oneof(
    fc.record({
      type: fc.constant('task'),
      id: fc.nat(),
      pickler: fc.string({ maxLength: 12 }),
      sentAt: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      bytes: payload,
    }),
    fc.record({ type: fc.constant('ready'), pid: fc.nat(), memoryBytes: fc.nat() }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(message, { minLength: 1, maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 80_000 }), { minLength: 1, maxLength: 20 }),
      async (sent, cuts) => {
        const messages = sent.map((m) =>
          'bytes' in m && m.bytes === undefined ? (({ bytes: _none, ...rest }) => rest)(m) : m,
        );
        const cycled = (function* () {
          for (let index = 0; ; index++) yield cuts[index % cuts.length] as number;
        })();
        const received = await readInChunks<object>(framed(messages), cycled);
        const plain = (m: object) =>
          Object.fromEntries(
            Object.entries(m).map(([key, value]) => [
              key,
              value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
            ]),
          );
        assert.deepEqual(received.map(plain), messages.map(plain));
      },
    ),
    { numRuns: 60 },
  );
});
