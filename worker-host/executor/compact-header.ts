import type { ResultMessage, TaskMessage } from './messages';

/**
 * The two messages of every task, a task and its result, in a fixed binary layout instead of a v8-serialized
 * header (whose fixed cost dominates an empty task). A v8 header starts with its version tag 0xFF, so the
 * first byte tells the layouts apart; anything unusual (warnings, extra fields) keeps the v8 header.
 *   task:   u8 1 | u8 measureMemory (0 absent, 1 false, 2 true) | u16 pickler bytes | u32 id | u64 sentAt | pickler utf8
 *   result: u8 2 | 3 × u8 0 | u32 id | f64 memoryBytes | u64 receivedAt, startedAt, loadedAt, ranAt, sentAt
 */
const TASK = 1;
const RESULT = 2;
const TASK_KEYS = new Set(['type', 'id', 'pickler', 'bytes', 'sentAt', 'measureMemory']);
const RESULT_KEYS = new Set(['type', 'id', 'bytes', 'stamps', 'warnings', 'memoryBytes']);
const STAMP_KEYS = ['receivedAt', 'startedAt', 'loadedAt', 'ranAt', 'sentAt'] as const;
const RESULT_BYTES = 16 + STAMP_KEYS.length * 8;

const isU32 = (n: unknown): n is number => typeof n === 'number' && n >>> 0 === n;
const isU64 = (n: unknown): n is bigint => typeof n === 'bigint' && n >= 0n && n < 1n << 64n;
const hasOnly = (message: object, keys: Set<string>): boolean => Object.keys(message).every((key) => keys.has(key));

export function compactHeader(message: object): Uint8Array | undefined {
  const candidate = message as Partial<TaskMessage> & Partial<ResultMessage> & { type?: string };
  if (!(candidate.bytes instanceof Uint8Array) || !isU32(candidate.id)) return undefined;
  if (candidate.type === 'task') return compactTask(candidate as TaskMessage);
  if (candidate.type === 'result') return compactResult(candidate as ResultMessage);
  return undefined;
}

function compactTask(task: TaskMessage): Uint8Array | undefined {
  if (typeof task.pickler !== 'string' || !isU64(task.sentAt) || !hasOnly(task, TASK_KEYS)) return undefined;
  if (task.measureMemory !== undefined && typeof task.measureMemory !== 'boolean') return undefined;
  const pickler = Buffer.from(task.pickler, 'utf8');
  if (pickler.byteLength > 0xffff) return undefined;
  const head = Buffer.allocUnsafe(16 + pickler.byteLength);
  head.writeUInt8(TASK, 0);
  head.writeUInt8(task.measureMemory === undefined ? 0 : task.measureMemory ? 2 : 1, 1);
  head.writeUInt16LE(pickler.byteLength, 2);
  head.writeUInt32LE(task.id, 4);
  head.writeBigUInt64LE(task.sentAt, 8);
  head.set(pickler, 16);
  return head;
}

function compactResult(result: ResultMessage): Uint8Array | undefined {
  if (!Array.isArray(result.warnings) || result.warnings.length > 0 || typeof result.memoryBytes !== 'number') return undefined;
  const stamps = result.stamps as Partial<Record<string, unknown>> | undefined;
  if (!stamps || Object.keys(stamps).length !== STAMP_KEYS.length || !STAMP_KEYS.every((key) => isU64(stamps[key]))) return undefined;
  if (!hasOnly(result, RESULT_KEYS)) return undefined;
  const head = Buffer.alloc(RESULT_BYTES);
  head.writeUInt8(RESULT, 0);
  head.writeUInt32LE(result.id, 4);
  head.writeDoubleLE(result.memoryBytes, 8);
  STAMP_KEYS.forEach((key, index) => head.writeBigUInt64LE(stamps[key] as bigint, 16 + index * 8));
  return head;
}

export function readCompactHeader(head: Uint8Array, bytes: Uint8Array): TaskMessage | ResultMessage | undefined {
  const kind = head[0];
  if (kind !== TASK && kind !== RESULT) return undefined;
  const view = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (kind === TASK) {
    const flag = view.readUInt8(1);
    const task: TaskMessage = {
      type: 'task',
      id: view.readUInt32LE(4),
      pickler: view.toString('utf8', 16, 16 + view.readUInt16LE(2)),
      bytes,
      sentAt: view.readBigUInt64LE(8),
    };
    if (flag !== 0) task.measureMemory = flag === 2;
    return task;
  }
  const stamp = (index: number): bigint => view.readBigUInt64LE(16 + index * 8);
  return {
    type: 'result',
    id: view.readUInt32LE(4),
    bytes,
    stamps: { receivedAt: stamp(0), startedAt: stamp(1), loadedAt: stamp(2), ranAt: stamp(3), sentAt: stamp(4) },
    warnings: [],
    memoryBytes: view.readDoubleLE(8),
  };
}
