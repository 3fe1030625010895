import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceEvent } from './trace-events';

/** One event file: the events of one process (or Node worker thread), in the order written. */
export interface EventFile {
  name: string;
  events: TraceEvent[];
}

/**
 * Every event file of a trace directory. A line that does not parse (the last one of a process killed while
 * writing) is skipped; everything before it counts.
 */
export function readTrace(directory: string): EventFile[] {
  return readdirSync(directory)
    .filter((name) => name.startsWith('events-') && name.endsWith('.jsonl'))
    .sort()
    .map((name) => ({ name, events: parseLines(readFileSync(join(directory, name), 'utf8')) }));
}

function parseLines(text: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const event = JSON.parse(line) as TraceEvent;
      if (event && typeof event === 'object' && typeof event.t === 'string') events.push(event);
    } catch {
      // a torn last line
    }
  }
  return events;
}
