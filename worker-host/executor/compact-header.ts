import type { ResultMessage, TaskMessage } from './messages';

/**
 * The two messages of every task, a task and its result, in a fixed binary layout instead of a v8-serialized
 * header (whose fixed cost dominates an empty task). A v8 header starts with its version tag 0xFF, so the
 * first byte tells the layouts apart; anything unusual (warnings, extra fields) keeps the v8 header.
 *   task:   u8 1 | u8 measureMemory (0 absent, 1 false, 2 true) | u16 pickler bytes | u32 id | u64 sentAt
 *           | pickler utf8
 *   result: u8 2 | 3 × u8 0 | u32 id | f64 memoryBytes | u64 receivedAt, startedAt, loadedAt, ranAt, sentAt
 * The header is written straight into the frame that carries it, with no buffer of its own.
 */
const TASK = 1;
const RESULT = 2;
const TASK_FIXED_BYTES = 16;
const TASK_KEYS = new Set(['type', 'id', 'pickler', 'bytes', 'sentAt', 'measureMemory']);
const RESULT_KEYS = new Set(['type', 'id', 'bytes', 'stamps', 'warnings', 'memoryBytes']);
const STAMP_KEYS = ['receivedAt', 'startedAt', 'loadedAt', 'ranAt', 'sentAt'] as const;
const RESULT_BYTES = 16 + STAMP_KEYS.length * 8;
const MAX_PICKLER_BYTES = 0xffff;

const isU32 = (n: unknown): n is number => typeof n === 'number' && n >>> 0 === n;
const isU64 = (n: unknown): n is bigint => typeof n === 'bigint' && n >= 0n && n < 1n << 64n;

function hasOnly(message: object, keys: Set<string>): boolean {
  for (const key of Object.keys(message)) if (!keys.has(key)) return false;
  return true;
}

/** The byte length of `message`'s compact header, or -1 when it needs the v8 header. */
export function compactHeaderLength(message: object): number {
  const candidate = message as Partial<TaskMessage> & Partial<ResultMessage> & { type?: string };
  if (!(candidate.bytes instanceof Uint8Array) || !isU32(candidate.id)) return -1;
  if (candidate.type === 'task') return compactTaskLength(candidate as TaskMessage);
  if (candidate.type === 'result') return isCompactResult(candidate as ResultMessage) ? RESULT_BYTES : -1;
  return -1;
}

function compactTaskLength(task: TaskMessage): number {
  if (typeof task.pickler !== 'string' || !isU64(task.sentAt) || !hasOnly(task, TASK_KEYS)) return -1;
  if (task.measureMemory !== undefined && typeof task.measureMemory !== 'boolean') return -1;
  const picklerBytes = Buffer.byteLength(task.pickler, 'utf8');
  return picklerBytes > MAX_PICKLER_BYTES ? -1 : TASK_FIXED_BYTES + picklerBytes;
}

function isCompactResult(result: ResultMessage): boolean {
  if (!Array.isArray(result.warnings) || result.warnings.length > 0 || typeof result.memoryBytes !== 'number')
    return false;
  const stamps = result.stamps as Partial<Record<string, unknown>> | undefined;
  if (!stamps || Object.keys(stamps).length !== STAMP_KEYS.length) return false;
  for (const key of STAMP_KEYS) if (!isU64(stamps[key])) return false;
  return hasOnly(result, RESULT_KEYS);
}

/** Writes the compact header of `message` (compactHeaderLength said it has one) into `frame` at `at`. */
export function writeCompactHeader(message: object, frame: Buffer, at: number): void {
  const candidate = message as TaskMessage | ResultMessage;
  if (candidate.type === 'task') {
    const length = frame.write(candidate.pickler, at + TASK_FIXED_BYTES, 'utf8');
    frame[at] = TASK;
    frame[at + 1] = candidate.measureMemory === undefined ? 0 : candidate.measureMemory ? 2 : 1;
    frame.writeUInt16LE(length, at + 2);
    frame.writeUInt32LE(candidate.id, at + 4);
    frame.writeBigUInt64LE(candidate.sentAt, at + 8);
    return;
  }
  frame[at] = RESULT;
  frame.fill(0, at + 1, at + 4);
  frame.writeUInt32LE(candidate.id, at + 4);
  frame.writeDoubleLE(candidate.memoryBytes, at + 8);
  const { stamps } = candidate;
  frame.writeBigUInt64LE(stamps.receivedAt, at + 16);
  frame.writeBigUInt64LE(stamps.startedAt, at + 24);
  frame.writeBigUInt64LE(stamps.loadedAt, at + 32);
  frame.writeBigUInt64LE(stamps.ranAt, at + 40);
  frame.writeBigUInt64LE(stamps.sentAt, at + 48);
}

/** The last pickler name read, kept while the same bytes come again (a pool's tasks mostly share one). */
let lastPickler = { bytes: Buffer.alloc(0), name: '' };

function picklerName(head: Buffer): string {
  const end = TASK_FIXED_BYTES + head.readUInt16LE(2);
  const { bytes, name } = lastPickler;
  if (
    bytes.byteLength === end - TASK_FIXED_BYTES &&
    head.compare(bytes, 0, bytes.byteLength, TASK_FIXED_BYTES, end) === 0
  )
    return name;
  lastPickler = {
    bytes: Buffer.from(head.subarray(TASK_FIXED_BYTES, end)),
    name: head.toString('utf8', TASK_FIXED_BYTES, end),
  };
  return lastPickler.name;
}

export function readCompactHeader(head: Buffer, bytes: Uint8Array): TaskMessage | ResultMessage | undefined {
  const kind = head[0];
  if (kind === TASK) {
    const flag = head[1];
    const task: TaskMessage = {
      type: 'task',
      id: head.readUInt32LE(4),
      pickler: picklerName(head),
      bytes,
      sentAt: head.readBigUInt64LE(8),
    };
    if (flag !== 0) task.measureMemory = flag === 2;
    return task;
  }
  if (kind !== RESULT) return undefined;
  return {
    type: 'result',
    id: head.readUInt32LE(4),
    bytes,
    stamps: {
      receivedAt: head.readBigUInt64LE(16),
      startedAt: head.readBigUInt64LE(24),
      loadedAt: head.readBigUInt64LE(32),
      ranAt: head.readBigUInt64LE(40),
      sentAt: head.readBigUInt64LE(48),
    },
    warnings: [],
    memoryBytes: head.readDoubleLE(8),
  };
}
