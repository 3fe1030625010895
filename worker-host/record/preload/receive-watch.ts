import * as workerThreads from 'node:worker_threads';
import { moduleClass } from './clock';

/** What a thread receives: the message, and how long reading it took when that could be timed. */
export interface Receiver {
  received(message: unknown, readMs: number | undefined): void;
  /** A MessagePort's 'message' listeners run between these two calls. */
  dispatching(port: object): void;
  dispatched(): void;
}

/** Node dispatches a MessagePort's messages (a worker's `parentPort` too) through this method of EventTarget. */
const HYBRID_DISPATCH = Symbol.for('nodejs.internal.kHybridDispatch');

/**
 * Lets the recorder see the messages this thread receives, before the program's listeners do: MessagePort
 * messages (events and `receiveMessageOnPort`, which returns them deserialized, so its call is timed) and, in a
 * forked child, its parent's messages. What the program receives and when is unchanged.
 */
export function watchReceives(receiver: Receiver, now: () => number): void {
  const target = EventTarget.prototype as unknown as Record<symbol, unknown>;
  const dispatch = target[HYBRID_DISPATCH];
  if (typeof dispatch === 'function') {
    target[HYBRID_DISPATCH] = function dispatchWatched(this: unknown, ...args: unknown[]): unknown {
      if (args[1] !== 'message' || !(this instanceof workerThreads.MessagePort))
        return Reflect.apply(dispatch, this, args);
      notify(receiver, args[0], undefined);
      receiver.dispatching(this);
      try {
        return Reflect.apply(dispatch, this, args);
      } finally {
        receiver.dispatched();
      }
    };
  }
  const receive = workerThreads.receiveMessageOnPort;
  const exports = require('node:worker_threads') as Record<string, unknown>;
  exports.receiveMessageOnPort = function receiveMessageOnPort(port: workerThreads.MessagePort) {
    const start = now();
    const entry = receive(port);
    const readMs = now() - start;
    if (entry !== undefined) notify(receiver, entry.message, readMs);
    return entry;
  };
  // Through the Module class: loading `node:module` in every thread would compile Node's ES module loader there.
  moduleClass().syncBuiltinESMExports();
  if (typeof process.send === 'function') {
    const emit = process.emit;
    process.emit = function emitWatched(this: NodeJS.Process, event: string | symbol, ...args: unknown[]) {
      if (event === 'message') notify(receiver, args[0], undefined);
      return Reflect.apply(emit, this, [event, ...args]) as boolean;
    } as typeof process.emit;
  }
}

function notify(receiver: Receiver, message: unknown, readMs: number | undefined): void {
  try {
    receiver.received(message, readMs);
  } catch {
    // the recorder's own trouble never reaches the program
  }
}
