import * as vscode from 'vscode';
import type { HostState } from '../host/host-client';

/** Shows while the worker host profiles, and when it has failed. */
export class ProfilerStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'serializationProfiler.status',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly running = new Map<number, string>();
  private hostState: HostState = 'stopped';

  constructor() {
    this.item.name = 'Serialization Profiler';
  }

  begin(id: number, label: string): void {
    this.running.set(id, label);
    this.update();
  }

  end(id: number): void {
    this.running.delete(id);
    this.update();
  }

  setHostState(state: HostState): void {
    this.hostState = state;
    this.update();
  }

  private update(): void {
    if (this.running.size > 0) {
      const labels = [...this.running.values()];
      this.item.text = `$(sync~spin) Profiling ${labels[0]}${labels.length > 1 ? ` +${labels.length - 1}` : ''}`;
      this.item.tooltip = 'Serialization Profiler is measuring in the worker host. Click to show the log.';
      this.item.command = 'serializationProfiler.showLog';
      this.item.backgroundColor = undefined;
      this.item.show();
    } else if (this.hostState === 'failed') {
      this.item.text = '$(error) Serialization Profiler';
      this.item.tooltip = 'The worker host stopped. Click to restart it.';
      this.item.command = 'serializationProfiler.restartWorkerHost';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.show();
    } else {
      this.item.hide();
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
