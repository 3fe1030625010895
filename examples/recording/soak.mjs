// Runs until it is stopped: a worker thread and a child process busy with messages all the time.
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';

const worker = new Worker(new URL('./resize-worker.mjs', import.meta.url));
const child = fork(new URL('./stats-child.mjs', import.meta.url));
let id = 0;
setInterval(() => {
  worker.postMessage({ id: id++, pixels: new Uint8Array(1024) });
  child.send({ id });
}, 20);
console.log('soaking: stop with Ctrl-C');
