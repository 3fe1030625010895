import * as workerThreads from 'node:worker_threads';
import type { SendSite } from './call-site';

const MAX_QUEUED = 10_000;

/**
 * A MessagePort whose other end stays in this thread and forwards what it gets to a child process (tinypool's
 * `child_process` runtime: the pool posts a task on port1, port2's listener sends it to the child with
 * `child.send`, and the child's replies come back the same way). Each such message is one message, sent once
 * over the child's channel: it is recorded there (at the line that called the pool), never at the in-thread hop.
 */
export class Relays {
  private readonly peers = new WeakMap<object, object>();
  /** Ports handed to a child process: what reaches them goes to the child, what they send came from it. */
  private readonly relayPorts = new WeakSet<object>();
  private readonly queued = new WeakMap<object, SendSite[]>();
  private readonly dispatching: object[] = [];
  private any = false;

  /** Notes the two ends of every MessageChannel made from now on. */
  watchChannels(): void {
    const Original = workerThreads.MessageChannel;
    const peers = this.peers;
    class MessageChannel extends Original {
      constructor() {
        super();
        peers.set(this.port1, this.port2);
        peers.set(this.port2, this.port1);
      }
    }
    Object.defineProperty(MessageChannel, 'name', { value: 'MessageChannel' });
    (require('node:worker_threads') as Record<string, unknown>).MessageChannel = MessageChannel;
    if (globalThis.MessageChannel === Original) globalThis.MessageChannel = MessageChannel;
  }

  /** A message sent to a child process: the MessagePorts in it (at its top level) are relays from now on. */
  sentToChild(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    for (const key in message) {
      if (!Object.hasOwn(message, key)) continue;
      const value = (message as Record<string, unknown>)[key];
      if (value instanceof workerThreads.MessagePort) {
        this.relayPorts.add(value);
        this.any = true;
      }
    }
  }

  /**
   * What a message posted on `port` is: `'relay-out'` when `port` is a relay (it carries a child's message on,
   * already recorded in the child), `'relay-in'` when its other end is one (it is recorded when sent to the
   * child), else undefined.
   */
  kindOf(port: object): 'relay-out' | 'relay-in' | undefined {
    if (!this.any) return undefined;
    if (this.relayPorts.has(port)) return 'relay-out';
    const peer = this.peers.get(port);
    return peer && this.relayPorts.has(peer) ? 'relay-in' : undefined;
  }

  /** The site of a message posted towards a relay, for when the relay sends it to the child. */
  queue(port: object, site: SendSite): void {
    const peer = this.peers.get(port);
    if (!peer) return;
    let sites = this.queued.get(peer);
    if (!sites) this.queued.set(peer, (sites = []));
    if (sites.length < MAX_QUEUED) sites.push(site);
  }

  /** A port's 'message' listeners run from here to `dispatched` (a relay sends to its child in them). */
  dispatch(port: object): void {
    this.dispatching.push(port);
  }

  dispatched(): void {
    this.dispatching.pop();
  }

  /** The site of the message a relay is sending to its child right now, if that is what is being sent. */
  takeRelayed(): SendSite | undefined {
    const port = this.dispatching[this.dispatching.length - 1];
    if (port === undefined || !this.relayPorts.has(port)) return undefined;
    return this.queued.get(port)?.shift();
  }
}
