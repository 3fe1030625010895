/**
 * The recorder preload: `node --require <this file>` (through NODE_OPTIONS, so every Node process and worker
 * thread of a recorded run loads it). Without SERIAL_PROFILE_TRACE_DIR it does nothing.
 */
import { threadId } from 'node:worker_threads';
import { TRACE_DIR_VARIABLE } from '../trace-events';
import { EventLog } from './event-log';
import { installFlushPoints } from './flush-points';
import { flushWorkersBeforeTerminate } from './flush-on-terminate';
import { patchChannels } from './patch-channels';
import { watchReceives } from './receive-watch';
import { now } from './clock';
import { Recorder } from './recorder';
import { samplingFromEnvironment } from './sampling';

const INSTALLED = Symbol.for('serial-profile.recorder');

function install(directory: string): void {
  const state = globalThis as { [INSTALLED]?: boolean };
  if (state[INSTALLED]) return;
  state[INSTALLED] = true;
  let log: EventLog;
  try {
    log = new EventLog(directory);
  } catch {
    return; // no trace directory (the recording CLI is gone): the program runs unrecorded
  }
  log.add({
    t: 'process',
    pid: process.pid,
    ppid: process.ppid,
    runtime: 'node',
    argv: process.argv,
    threadId,
    startedAt: Date.now(),
  });
  log.flush();
  const recorder = new Recorder(log, samplingFromEnvironment(process.env));
  patchChannels(recorder);
  recorder.relays.watchChannels();
  watchReceives(recorder, now);
  installFlushPoints(recorder);
  flushWorkersBeforeTerminate(recorder);
}

const directory = process.env[TRACE_DIR_VARIABLE];
if (directory) install(directory);
