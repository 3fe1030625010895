import { MessageChannel } from 'node:worker_threads';

/** What a real `postMessage` delivers of `value`, through a real MessagePort. */
export function viaPostMessage(value: unknown): Promise<unknown> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (message: unknown) => {
      port1.close();
      resolve(message);
    });
    port1.postMessage(value);
  });
}
