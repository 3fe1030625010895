import type { Direction } from '../trace-events';

/** How a channel carries values: v8 structured clone (`postMessage`, advanced IPC) or JSON (default IPC). */
export type WireFormat = 'structured-clone' | 'advanced' | 'json';

export interface Channel {
  name:
    | 'Worker.postMessage'
    | 'MessagePort.postMessage'
    | 'BroadcastChannel.postMessage'
    | 'ChildProcess.send'
    | 'process.send';
  serialization: WireFormat;
  direction: Direction;
  /** Whether a transfer list can move ArrayBuffers instead of copying them. */
  transfers: boolean;
}
