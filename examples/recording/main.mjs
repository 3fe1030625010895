// An image pipeline that sends work to a worker thread and a child process, with the usual waste in it.
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';

function onProgress(done) {
  console.log(`progress ${done}`);
}

const lookup = { table: Array.from({ length: 40000 }, (_, i) => i * 2) };
const worker = new Worker(new URL('./resize-worker.mjs', import.meta.url));
const child = fork(new URL('./stats-child.mjs', import.meta.url));

for (let i = 0; i < 40; i++) {
  const pixels = new Uint8Array(128 * 1024).fill(i);
  worker.postMessage({ id: i, pixels });
}
for (let i = 0; i < 5; i++) {
  worker.postMessage({ id: 100 + i, lookup });
}
try {
  worker.postMessage({ id: -1, onProgress });
} catch (error) {
  console.log(`the pipeline sees ${error.name} and goes on`);
}
child.send({ seen: new Set([1, 2, 3]), at: new Date(0) });

let replies = 0;
worker.on('message', () => {
  if (++replies === 45) {
    console.log('all images resized');
    void worker.terminate();
    child.disconnect();
  }
});
