/**
 * One 'abort' listener per signal, however many tasks share it: a listener per task makes Node warn
 * (MaxListenersExceededWarning) once more than ten tasks wait on one signal. The listener goes with the last
 * of its tasks.
 */
export class AbortWatch<T> {
  private readonly watched = new Map<AbortSignal, { tasks: Set<T>; listener: () => void }>();

  constructor(private readonly onAbort: (task: T) => void) {}

  watch(signal: AbortSignal, task: T): void {
    let entry = this.watched.get(signal);
    if (!entry) {
      const tasks = new Set<T>();
      const listener = (): void => {
        this.watched.delete(signal);
        for (const aborted of [...tasks]) this.onAbort(aborted);
      };
      entry = { tasks, listener };
      this.watched.set(signal, entry);
      signal.addEventListener('abort', listener, { once: true });
    }
    entry.tasks.add(task);
  }

  forget(signal: AbortSignal, task: T): void {
    const entry = this.watched.get(signal);
    if (!entry?.tasks.delete(task) || entry.tasks.size > 0) return;
    signal.removeEventListener('abort', entry.listener);
    this.watched.delete(signal);
  }
}
