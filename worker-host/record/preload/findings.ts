import { lazyV8 } from './lazy-modules';
import { childPath } from '../../picklers/value-path';
import { LARGE_VALUE_BYTES, type FindingEvent } from '../trace-events';
import { transferredBuffers, type BinaryValue } from './binary-values';
import type { Channel } from './channels';

export type Finding = Omit<FindingEvent, 't' | 'pid' | 'site' | 'count'>;

/** A slice this much smaller than the ArrayBuffer under it sends a pool, not a value. */
const DRAGGED_AT_LEAST = 4 * 1024;
const KIB = 1024;

export function kib(bytes: number): string {
  if (bytes < KIB) return `${bytes} B`;
  return bytes >= 1024 * KIB ? `${(bytes / (1024 * KIB)).toFixed(1)} MiB` : `${Math.round(bytes / KIB)} KiB`;
}

/** ArrayBuffers to transfer, with their size before the call, to see afterwards which really moved. */
export function transferBefore(transfer: readonly unknown[] | undefined): [ArrayBuffer, number][] {
  return transferredBuffers(transfer).map((buffer) => [buffer, buffer.byteLength]);
}

/** A transferred ArrayBuffer is detached (length 0) after the call; one that is not was copied instead. */
export function ignoredTransfers(before: readonly [ArrayBuffer, number][]): Finding[] {
  return before
    .filter(([buffer, length]) => length > 0 && buffer.byteLength === length)
    .map(([buffer, length]) => ({
      kind: 'transfer-ignored' as const,
      path: '(transfer list)',
      bytes: length,
      message:
        `an ArrayBuffer of ${kib(length)} in the transfer list was copied, not moved (Node does not ` +
        `move the ArrayBuffer under its Buffer pool, and ${buffer.byteLength} bytes stay with the sender)`,
      fix:
        'transfer a buffer of its own: new Uint8Array(buf) copies it out of the pool once; allocate large ' +
        'ones with new ArrayBuffer or Buffer.allocUnsafeSlow',
    }));
}

/** Binary data copied into a structured-clone message: whole pools dragged along, large buffers not transferred. */
export function binaryFindings(
  binaries: readonly BinaryValue[],
  transfer: readonly unknown[] | undefined,
  channel: Channel,
  library: string | null,
): Finding[] {
  const findings: Finding[] = [];
  if (binaries.length === 0) return findings;
  const moved = new Set(transferredBuffers(transfer));
  for (const { path, value, buffer } of binaries) {
    if (moved.has(buffer)) continue;
    const ownBytes = value instanceof ArrayBuffer ? value.byteLength : value.byteLength;
    if (buffer.byteLength - ownBytes >= DRAGGED_AT_LEAST) {
      findings.push({
        kind: 'pooled-buffer',
        path,
        bytes: buffer.byteLength,
        message:
          `a ${kib(ownBytes)} ${value.constructor.name} sends the whole ${kib(buffer.byteLength)} ` +
          `ArrayBuffer it is a slice of (Node's Buffer pool or a larger buffer)`,
        fix:
          `send a copy of just its bytes: new Uint8Array(value) (or value.buffer.slice(value.byteOffset, ` +
          `value.byteOffset + value.byteLength)), saving ${kib(buffer.byteLength - ownBytes)} a message`,
      });
    } else if (channel.transfers && buffer.byteLength >= LARGE_VALUE_BYTES) {
      findings.push({
        kind: 'transferable-copied',
        path,
        bytes: buffer.byteLength,
        message: `${kib(buffer.byteLength)} of ${value.constructor.name} is copied into every message`,
        fix:
          library === 'piscina' || library === 'tinypool'
            ? `if the sender no longer needs it, move it: pool.run(task, { transferList: ` +
              `[${path || 'task'}${value instanceof ArrayBuffer ? '' : '.buffer'}] ` +
              `}) (or Piscina.move), saving a ${kib(buffer.byteLength)} copy`
            : `if the sender no longer needs it, transfer it: postMessage(message, ` +
              `[message${path.startsWith('[') || path === '' ? '' : '.'}${path}` +
              `${value instanceof ArrayBuffer ? '' : '.buffer'}]), saving a ${kib(buffer.byteLength)} copy`,
      });
    }
  }
  return findings;
}

/**
 * The bytes a structured clone sends beyond what v8.serialize counts: a view (a Buffer, a typed array) carries
 * its whole ArrayBuffer, which v8.serialize leaves out. Buffers moved by the transfer list are not copied.
 */
export function draggedBytes(binaries: readonly BinaryValue[], transfer: readonly unknown[] | undefined): number {
  if (binaries.length === 0) return 0;
  const moved = new Set(transferredBuffers(transfer));
  let extra = 0;
  for (const { value, buffer } of binaries) {
    if (!(value instanceof ArrayBuffer) && !moved.has(buffer)) extra += buffer.byteLength - value.byteLength;
  }
  return extra;
}

/**
 * Large values sent again: the same object (by identity) among a message's top-level parts, or the same bytes
 * (by content hash). Kept per site across the run.
 */
/** The parts of a large message watched for being sent again (its top-level ones). */
const PARTS_WATCHED = 32;

export class RepeatWatch {
  private readonly sizes = new WeakMap<object, number>();
  private readonly hashes = new Map<string, number>();

  check(payload: unknown, messageBytes: number, hash: string | null): Finding[] {
    const findings: Finding[] = [];
    if (hash !== null) {
      const seen = this.hashes.get(hash) ?? 0;
      if (seen > 0) findings.push(repeated('', messageBytes, 'the same bytes'));
      if (seen > 0 || this.hashes.size < 64) this.hashes.set(hash, seen + 1);
    }
    if (messageBytes < LARGE_VALUE_BYTES || typeof payload !== 'object' || payload === null) return findings;
    for (const [path, part] of [['', payload] as [string, unknown], ...firstParts(payload)]) {
      if (typeof part !== 'object' || part === null) continue;
      const size = this.sizes.get(part);
      if (size === undefined) {
        this.sizes.set(part, path === '' ? messageBytes : -1);
        continue;
      }
      const bytes = size >= 0 ? size : sizeOf(part);
      this.sizes.set(part, bytes);
      if (bytes >= LARGE_VALUE_BYTES && !(hash !== null && path === '' && findings.length > 0))
        findings.push(repeated(path, bytes, 'the same object'));
    }
    return findings;
  }
}

/** The value's first parts (not its every key: a typed array of 10⁷ elements has 10⁷, all numbers). */
function firstParts(payload: object): [string, unknown][] {
  if (Array.isArray(payload)) return payload.slice(0, PARTS_WATCHED).map((part, index) => [childPath('', index), part]);
  if (ArrayBuffer.isView(payload)) return [];
  const parts: [string, unknown][] = [];
  for (const key in payload) {
    if (!Object.hasOwn(payload, key)) continue;
    parts.push([childPath('', key), (payload as Record<string, unknown>)[key]]);
    if (parts.length === PARTS_WATCHED) break;
  }
  return parts;
}

function sizeOf(value: object): number {
  try {
    return lazyV8().serialize(value).length;
  } catch {
    return 0;
  }
}

function repeated(path: string, bytes: number, how: string): Finding {
  return {
    kind: 'repeated-large-value',
    path,
    bytes,
    message: `${how} (${kib(bytes)}) is serialized again for another message`,
    fix:
      'send it once: pass it as workerData when the worker starts (or in one init message), or keep it in a ' +
      'SharedArrayBuffer the workers share; then send only what changes',
  };
}
