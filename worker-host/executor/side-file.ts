import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A large task payload reaches a child process through a file in shared memory instead of its pipe: one copy
 * in and one copy out, where a pipe moves it in many small hops, each waking the other process. The file is
 * unlinked as soon as it is opened and the child inherits the descriptor, so nothing is left behind however
 * either process ends. Where there is no shared-memory file system, payloads stay on the pipe.
 */
export const SIDE_FILE_MIN_BYTES = 512 * 1024;
/** The child's descriptor for the file (after stdin, stdout, stderr, the frame pipe and the IPC channel). */
export const SIDE_FD = 5;
const SHARED_MEMORY_DIR = '/dev/shm';
/** A file grown beyond this is emptied once read, so an idle worker does not hold a huge payload's memory. */
const KEEP_BYTES = 16 * 1024 * 1024;

export class SideFile {
  /** The task whose payload is in the file and not yet known to be read; the file holds one at a time. */
  private pendingId: number | undefined;
  private size = 0;

  private constructor(readonly fd: number) {}

  /** A new unlinked file in shared memory, or undefined where that cannot be had. */
  static create(): SideFile | undefined {
    if (!existsSync(SHARED_MEMORY_DIR)) return undefined;
    const path = join(SHARED_MEMORY_DIR, `serialization-profiler-${process.pid}-${randomUUID()}`);
    try {
      const fd = openSync(path, 'wx+', 0o600);
      unlinkSync(path);
      return new SideFile(fd);
    } catch {
      return undefined;
    }
  }

  /**
   * Writes task `id`'s payload into the file; false (nothing written) when it is small, the file holds another,
   * or the write fails.
   */
  tryWrite(id: number, bytes: Uint8Array): boolean {
    if (this.pendingId !== undefined || bytes.byteLength < SIDE_FILE_MIN_BYTES) return false;
    try {
      let written = 0;
      while (written < bytes.byteLength)
        written += writeSync(this.fd, bytes, written, bytes.byteLength - written, written);
    } catch {
      return false; // a full shared-memory file system, say: the pipe still works
    }
    this.size = Math.max(this.size, bytes.byteLength);
    this.pendingId = id;
    return true;
  }

  /** Task `id` has been answered, so the child has read its payload: the file is free again. */
  release(id: number): void {
    if (this.pendingId !== id) return;
    this.pendingId = undefined;
    if (this.size <= KEEP_BYTES) return;
    try {
      ftruncateSync(this.fd, 0);
      this.size = 0;
    } catch {
      // Keeping the memory until the worker ends is harmless.
    }
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
  }
}

/** In the child: whether the parent passed a side file. */
export function hasSideFile(): boolean {
  try {
    return fstatSync(SIDE_FD).isFile();
  } catch {
    return false;
  }
}

/** In the child: the first `length` bytes of the side file, in memory of their own (8-byte aligned). */
export function readSideFile(length: number): Buffer {
  const bytes = Buffer.allocUnsafeSlow(length);
  let read = 0;
  while (read < length) {
    const count = readSync(SIDE_FD, bytes, read, length - read, read);
    if (count === 0) throw new Error(`the task's payload file ended after ${read} of ${length} bytes`);
    read += count;
  }
  return bytes;
}
