import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { readTraceReport, TraceReportError, type TraceReport } from '../../shared/traffic/trace-report';

const PICK = 'Pick a file written by `serial-profile record --out`.';

export interface LoadedTrace {
  report: TraceReport;
  loadMs: number;
}

/** Reads and checks a report file; a bad file gives one line: what, where, what to do. */
export async function loadTrace(file: string): Promise<LoadedTrace> {
  const started = performance.now();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read the trace ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. ${PICK}`,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON (${(error as Error).message}). ${PICK}`, { cause: error });
  }
  try {
    return { report: readTraceReport(parsed), loadMs: performance.now() - started };
  } catch (error) {
    if (error instanceof TraceReportError) {
      throw new Error(`${file} is not a recording report: ${error.message}. ${PICK}`, { cause: error });
    }
    throw error;
  }
}
