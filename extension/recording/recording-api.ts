import type { TraceReport } from '../../shared/traffic/trace-report';
import type { RecordCommandArgs } from './record-target';
import type { RunStatus } from './record-run';
import type { TrafficRendered } from './traffic-panel';

/** A recorded run started through the API: its processes can be watched, and it can be stopped. */
export interface RecordingRunHandle {
  /** Every process of the run seen so far. */
  processes(): number[];
  /** As the notification's Cancel: ends every process of the run; resolves once none is left. */
  cancel(): Promise<void>;
  /** As Ctrl-C in its terminal: the program stops and the report still comes. */
  interrupt(): void;
  done: Promise<{ status: RunStatus; sites: number }>;
}

/** The recording side of the extension's API, for tests and other extensions. */
export interface RecordingApi {
  startRecording(args: RecordCommandArgs): Promise<RecordingRunHandle | undefined>;
  /** The Traffic view's next drawing (of a report `matching` says is the one awaited, when given). */
  nextTrafficRender(matching?: (rendered: TrafficRendered) => boolean): Promise<TrafficRendered>;
  currentReport(): TraceReport | undefined;
  /**
   * As a window reloaded now would: the workspace's remembered last recording read into a store of its own, and the
   * number of recorded Problems then in the editor (those of this window's recording included).
   */
  problemsAfterReload(): Promise<number>;
}
