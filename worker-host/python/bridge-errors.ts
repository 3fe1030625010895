/** A Python run stopped because its caller aborted it (the reason is kept as the cause). */
export class PythonRunCancelledError extends Error {
  constructor(reason: unknown) {
    super(reason instanceof Error ? reason.message : 'the Python run was cancelled', { cause: reason });
    this.name = 'PythonRunCancelledError';
  }
}

/** The bridge broke its protocol: it ended without a report, or said something that is not a message. */
export class PythonBridgeError extends Error {
  constructor(
    message: string,
    readonly stderrTail = '',
  ) {
    super(stderrTail ? `${message}\n${stderrTail}` : message);
    this.name = 'PythonBridgeError';
  }
}
