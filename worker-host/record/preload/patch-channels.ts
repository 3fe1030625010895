import { BroadcastChannel, isMainThread, MessagePort, Worker } from 'node:worker_threads';
import type { Channel, WireFormat } from './channels';
import type { Recorder } from './recorder';
import { moduleClass } from './clock';
import { PRELOAD_FILE } from './call-site';
import { SAMPLE_EVERY_VARIABLE, SAMPLE_VARIABLE, TRACE_DIR_VARIABLE } from '../trace-events';

/**
 * Tells a forked child how its IPC channel serializes (Node reads and removes its own variable before preloads run).
 */
export const CHANNEL_FORMAT_VARIABLE = 'SERIAL_PROFILE_CHANNEL_FORMAT';

const sideOfThread = isMainThread ? 'task' : 'result';

/** Every way a Node program sends a value to another thread or process goes through `recorder` from now on. */
export function patchChannels(recorder: Recorder): void {
  patchPostMessage(recorder, Worker.prototype, {
    name: 'Worker.postMessage',
    serialization: 'structured-clone',
    direction: 'task',
    transfers: true,
  });
  patchPostMessage(recorder, MessagePort.prototype, {
    name: 'MessagePort.postMessage',
    serialization: 'structured-clone',
    direction: sideOfThread,
    transfers: true,
  });
  patchPostMessage(recorder, BroadcastChannel.prototype, {
    name: 'BroadcastChannel.postMessage',
    serialization: 'structured-clone',
    direction: sideOfThread,
    transfers: false,
  });
  // A worker thread rarely starts processes: it patches child_process only when it requires it.
  if (isMainThread) patchChildSpawn(recorder);
  else whenRequired(/^(node:)?child_process$/, () => patchChildSpawn(recorder));
  if (typeof process.send === 'function') {
    const format = process.env[CHANNEL_FORMAT_VARIABLE] === 'advanced' ? 'advanced' : 'json';
    wrapSend(recorder, process as unknown as Sender, {
      name: 'process.send',
      serialization: format,
      direction: 'result',
      transfers: false,
    });
  }
}

function patchPostMessage(recorder: Recorder, prototype: object, channel: Channel): void {
  const original = Reflect.get(prototype, 'postMessage') as unknown;
  if (typeof original !== 'function') return;
  const postMessage = function postMessage(this: unknown, ...args: unknown[]): unknown {
    return recorder.send(channel, (this ?? globalThis) as object, args, transferListOf(args[1]), original, postMessage);
  };
  Object.defineProperty(prototype, 'postMessage', {
    value: postMessage,
    writable: true,
    configurable: true,
    enumerable: false,
  });
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

/** Runs `then` once, after the first CommonJS require of a module whose name matches. */
function whenRequired(name: RegExp, then: () => void): void {
  const Module = moduleClass();
  const load = Module._load;
  Module._load = function loadThenPatch(this: unknown, ...args: unknown[]) {
    const exported = Reflect.apply(load, this, args);
    if (typeof args[0] === 'string' && name.test(args[0])) then();
    return exported;
  };
}

/** A child's `send` is set on the instance when its channel opens (inside `spawn`), so it is wrapped there. */
let childSpawnPatched = false;

function patchChildSpawn(recorder: Recorder): void {
  if (childSpawnPatched) return;
  childSpawnPatched = true;
  const { ChildProcess } = require('node:child_process') as typeof import('node:child_process');
  // `spawn` is the internal method every fork, spawn and exec goes through; Node's typings do not list it.
  const prototype = ChildProcess.prototype as unknown as { spawn: (this: unknown, options: SpawnOptions) => unknown };
  const original = prototype.spawn;
  prototype.spawn = function spawn(this: unknown, options: SpawnOptions) {
    const format: WireFormat = options?.serialization === 'advanced' ? 'advanced' : 'json';
    if (Array.isArray(options?.envPairs)) {
      keepRecording(options.envPairs);
      options.envPairs.push(`${CHANNEL_FORMAT_VARIABLE}=${format}`);
    }
    const result = original.call(this, options);
    if (typeof (this as Sender).send === 'function') {
      wrapSend(recorder, this as Sender, {
        name: 'ChildProcess.send',
        serialization: format,
        direction: 'task',
        transfers: false,
      });
    }
    return result;
  };
}

/**
 * A child given an environment of its own (tinypool's child_process runtime passes only its worker id) is still
 * part of the recorded run: the recorder's variables are put back when they are missing.
 */
function keepRecording(envPairs: string[]): void {
  if (envPairs.some((pair) => pair.startsWith(`${TRACE_DIR_VARIABLE}=`))) return;
  for (const name of [TRACE_DIR_VARIABLE, SAMPLE_VARIABLE, SAMPLE_EVERY_VARIABLE]) {
    const value = process.env[name];
    if (value !== undefined) envPairs.push(`${name}=${value}`);
  }
  const preload = `--require ${/[\s"\\]/.test(PRELOAD_FILE) ? JSON.stringify(PRELOAD_FILE) : PRELOAD_FILE}`;
  const at = envPairs.findIndex((pair) => pair.startsWith('NODE_OPTIONS='));
  if (at < 0) envPairs.push(`NODE_OPTIONS=${preload}`);
  else if (!envPairs[at]!.includes(PRELOAD_FILE)) envPairs[at] = `${envPairs[at]} ${preload}`;
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
