import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type * as vscode from 'vscode';
import { loadTrace } from './load-trace';
import { siteFile, type Recording, type RecordingStore } from './recording-store';

const KEY = 'serializationProfiler.recordings';
const KEEP = 8;

/** What the workspace remembers of a recording: its report file (the editor keeps a copy) and its name. */
interface Remembered {
  source: string;
  label: string;
  problemsCleared?: boolean;
}

function rememberedAs(recording: Pick<Recording, 'source' | 'label' | 'problemsCleared'>): Remembered {
  const { source, label } = recording;
  return recording.problemsCleared ? { source, label, problemsCleared: true } : { source, label };
}

function remembered(memento: vscode.Memento): Remembered[] {
  const value = memento.get<unknown>(KEY);
  if (!Array.isArray(value)) return [];
  return value.filter(
    (r): r is Remembered =>
      typeof r === 'object' && r !== null && typeof r.source === 'string' && typeof r.label === 'string',
  );
}

/** Keeps the workspace's last recordings (newest first) so a reloaded window can show them again. */
export function rememberRecordings(store: RecordingStore, memento: vscode.Memento): vscode.Disposable {
  return store.onDidChange((recording) => {
    const others = remembered(memento).filter((r) => r.source !== recording.source);
    void memento.update(KEY, [rememberedAs(recording), ...others].slice(0, KEEP));
  });
}

/** The recording's Problems were cleared: a reloaded window restores it without them. */
export async function rememberProblemsCleared(memento: vscode.Memento, recording: Recording): Promise<void> {
  const all = remembered(memento);
  if (!all.some((r) => r.source === recording.source)) return;
  await memento.update(
    KEY,
    all.map((r) => (r.source === recording.source ? rememberedAs({ ...r, problemsCleared: true }) : r)),
  );
}

/** Files of the report's sites written after the report: their recorded lines may no longer be the sending ones. */
async function changedSince(report: Recording['report'], recordedAt: number): Promise<string[]> {
  const files = [...new Set(report.sites.map(siteFile))];
  const changed = await Promise.all(
    files.map(async (file) => ((await stat(file).catch(() => undefined))?.mtimeMs ?? 0) > recordedAt),
  );
  return files.filter((_, i) => changed[i]);
}

/**
 * Reads a remembered report back into the store: as the newest recording (lenses, hovers, Problems and the Traffic
 * view follow it), or `behind` the newest, to compare with.
 */
export async function restoreRecording(
  store: RecordingStore,
  memento: vscode.Memento,
  source: string,
  behind = false,
): Promise<Recording> {
  const { report, loadMs } = await loadTrace(source);
  const recordedAt = (await stat(source)).mtimeMs;
  const known = remembered(memento).find((r) => r.source === source);
  const recording = {
    label: known?.label ?? basename(source),
    ...(known?.problemsCleared ? { problemsCleared: true } : {}),
    source,
    report,
    openedAt: recordedAt,
    loadMs,
    changedFiles: await changedSince(report, recordedAt),
  };
  return behind ? store.addBehind(recording) : store.add(recording);
}

/** After a reload: the workspace's last recording again, without opening the Traffic view. */
export async function restoreLastRecording(
  store: RecordingStore,
  memento: vscode.Memento,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const [last] = remembered(memento);
  if (!last || store.current) return;
  try {
    const recording = await restoreRecording(store, memento, last.source);
    log.info(
      `Restored the last recording (${recording.label}, ${recording.report.sites.length} sites)` +
        (recording.changedFiles?.length
          ? `; no lenses or Problems in ${recording.changedFiles.length} file(s) changed since it ran`
          : ''),
    );
  } catch (error) {
    log.warn(`The last recording was not restored: ${(error as Error).message}`);
  }
}
