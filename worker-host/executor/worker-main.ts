/**
 * The entry of every executor worker, child process and worker thread alike (bundled to dist/worker.js).
 * It waits for tasks, runs them one at a time, and answers with bytes and timestamps.
 */
import { Socket } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { installUserCodeLoader } from '../loader/install';
import { ANSWER_FD, TASK_FD, readMessages, writeMessage } from './frames';
import type { FromWorker, TaskMessage, ToWorker } from './messages';
import { captureOutput } from './capture-output';
import { ThreadPoster, unpack } from './thread-posting';
import { runTask } from './worker-loop';
import { now } from './clock';
import { hasSideFile, readSideFile } from './side-file';
import './builtin-picklers';

const port = parentPort;
// Stacks in the user's own source (the setting belongs to this process or thread only).
process.setSourceMapsEnabled(true);
installUserCodeLoader();

const frames = port ? undefined : new Socket({ fd: TASK_FD, readable: true, writable: false });
const answers = port ? undefined : new Socket({ fd: ANSWER_FD, readable: false, writable: true });
// A thread's own heap and the memory outside it (Buffers, ArrayBuffers); a process's resident memory.
const memoryBytes = port
  ? () => {
      const heap = getHeapStatistics();
      return heap.used_heap_size + heap.external_memory;
    }
  : () => process.memoryUsage.rss();
const poster = port && new ThreadPoster((value, transfer) => port.postMessage(value, transfer));
const send = poster
  ? (message: FromWorker) => poster.send(message)
  : (message: FromWorker) => writeMessage(answers as Socket, message);

/** Tasks run one at a time, in the order they arrive (the executor may send short ones ahead). */
const waiting: { message: TaskMessage; receivedAt: bigint }[] = [];
let running = false;

function onMessage(message: ToWorker): void {
  if (message.type === 'stop') {
    process.exit(0);
  }
  waiting.push({ message, receivedAt: now() });
  // An idle worker starts the task at once, in the same turn as its arrival.
  if (!running) void runWaiting();
}

async function runWaiting(): Promise<void> {
  running = true;
  for (let next = waiting.shift() ?? takeQueued(); next; next = waiting.shift() ?? takeQueued()) {
    await runTask(next.message, send, memoryBytes, next.receivedAt);
    const delivered = answerDelivered();
    if (delivered) await delivered;
  }
  running = false;
}

/**
 * The next task already posted to this thread, taken from its port at once rather than in a later turn of the
 * event loop (one turn and one message event fewer per task in a busy pool); undefined for a process.
 */
function takeQueued(): (typeof waiting)[number] | undefined {
  const queued = port && receiveMessageOnPort(port);
  if (queued) unpack<ToWorker>(queued.message, onMessage);
  return waiting.shift();
}

/**
 * Resolves once the answer just sent has left this process. A task sent ahead starts only then: should it end
 * the worker, the parent still reads every answer before it, and knows that the tasks it has no answer for
 * after the first never started. A large answer may take a while to go through the pipe; a small one has
 * always gone already. Posting to the parent thread is done at once.
 */
function answerDelivered(): Promise<void> | undefined {
  if (!answers || answers.writableLength === 0) return undefined;
  return new Promise((resolve) => answers.once('drain', resolve));
}

if (port) {
  port.on('message', (posted: unknown) => unpack<ToWorker>(posted, onMessage));
  captureOutput((stream, text) => send({ type: 'output', stream, text }));
} else {
  readMessages<ToWorker>(frames as Socket, onMessage, readSideFile);
  // The parent is gone: nothing will ask for this worker again.
  (frames as Socket).on('close', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

send({ type: 'ready', pid: process.pid, memoryBytes: memoryBytes(), ...(port ? {} : { sideFile: hasSideFile() }) });
