import { ChildProcess } from 'node:child_process';
import { BroadcastChannel, isMainThread, MessagePort, Worker } from 'node:worker_threads';
import type { Channel, WireFormat } from './channels';
import type { Recorder } from './recorder';

/** Tells a forked child how its IPC channel serializes (Node reads and removes its own variable before preloads run). */
export const CHANNEL_FORMAT_VARIABLE = 'SERIAL_PROFILE_CHANNEL_FORMAT';

const sideOfThread = isMainThread ? 'task' : 'result';

/** Every way a Node program sends a value to another thread or process goes through `recorder` from now on. */
export function patchChannels(recorder: Recorder): void {
  patchPostMessage(recorder, Worker.prototype, { name: 'Worker.postMessage', serialization: 'structured-clone', direction: 'task', transfers: true });
  patchPostMessage(recorder, MessagePort.prototype, { name: 'MessagePort.postMessage', serialization: 'structured-clone', direction: sideOfThread, transfers: true });
  patchPostMessage(recorder, BroadcastChannel.prototype, { name: 'BroadcastChannel.postMessage', serialization: 'structured-clone', direction: sideOfThread, transfers: false });
  patchChildSpawn(recorder);
  if (typeof process.send === 'function') {
    const format = process.env[CHANNEL_FORMAT_VARIABLE] === 'advanced' ? 'advanced' : 'json';
    wrapSend(recorder, process as unknown as Sender, { name: 'process.send', serialization: format, direction: 'result', transfers: false });
  }
}

function patchPostMessage(recorder: Recorder, prototype: object, channel: Channel): void {
  const original = Reflect.get(prototype, 'postMessage') as unknown;
  if (typeof original !== 'function') return;
  const postMessage = function postMessage(this: unknown, ...args: unknown[]): unknown {
    return recorder.send(channel, (this ?? globalThis) as object, args, transferListOf(args[1]), original, postMessage);
  };
  Object.defineProperty(prototype, 'postMessage', { value: postMessage, writable: true, configurable: true, enumerable: false });
}

/** `postMessage(value, [buffers])` or `postMessage(value, { transfer: [buffers] })`. */
function transferListOf(option: unknown): readonly unknown[] | undefined {
  if (Array.isArray(option)) return option;
  if (typeof option === 'object' && option !== null && Array.isArray((option as { transfer?: unknown }).transfer)) {
    return (option as { transfer: unknown[] }).transfer;
  }
  return undefined;
}

interface Sender {
  send?: (...args: unknown[]) => unknown;
}

/** A child's `send` is set on the instance when its channel opens (inside `spawn`), so it is wrapped there. */
function patchChildSpawn(recorder: Recorder): void {
  // `spawn` is the internal method every fork, spawn and exec goes through; Node's typings do not list it.
  const prototype = ChildProcess.prototype as unknown as { spawn: (this: ChildProcess, options: SpawnOptions) => unknown };
  const original = prototype.spawn;
  prototype.spawn = function spawn(this: ChildProcess, options: SpawnOptions) {
    const format: WireFormat = options?.serialization === 'advanced' ? 'advanced' : 'json';
    if (Array.isArray(options?.envPairs)) options.envPairs.push(`${CHANNEL_FORMAT_VARIABLE}=${format}`);
    const result = original.call(this, options);
    if (typeof (this as Sender).send === 'function') {
      wrapSend(recorder, this as Sender, { name: 'ChildProcess.send', serialization: format, direction: 'task', transfers: false });
    }
    return result;
  };
}

interface SpawnOptions {
  serialization?: string;
  envPairs?: string[];
}

function wrapSend(recorder: Recorder, target: Sender, channel: Channel): void {
  const original = target.send!;
  const send = function send(this: unknown, ...args: unknown[]): unknown {
    return recorder.send(channel, (this ?? target) as object, args, undefined, original, send);
  };
  target.send = send;
}
