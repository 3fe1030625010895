// Resizes one image (here: reports its size) and replies.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (job) => {
  parentPort.postMessage({ id: job.id, bytes: job.pixels?.length ?? 0 });
});
