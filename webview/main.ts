/** The results panel: renders the extension's state, keeps it for reloads, and reports each render. */
import { h } from './dom';
import { isPanelState, isToPanel, type PanelState } from '../shared/panel-messages';
import { renderSection } from './render-section';
import { vscodeApi } from './vscode-api';

const app = document.getElementById('app') ?? document.body;

function render(state: PanelState): void {
  if (state.entries.length === 0) {
    app.replaceChildren(h('p', { class: 'empty' }, 'Profile a function to see its results here.'));
  } else {
    app.replaceChildren(
      ...state.entries.map((entry) => renderSection(entry, (message) => vscodeApi.postMessage(message), state.roots)),
    );
  }
  const focused = state.focus
    ? [...app.querySelectorAll<HTMLElement>('section.function')].find((s) => s.dataset.key === state.focus)
    : undefined;
  if (focused) {
    focused.classList.add('focused');
    focused.scrollIntoView({ block: 'start' });
  }
  vscodeApi.postMessage({
    type: 'rendered',
    functions: state.entries.map((e) => e.key),
    rows: app.querySelectorAll('table.modes tbody tr').length,
  });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isToPanel(event.data)) return;
  vscodeApi.setState(event.data.state);
  render(event.data.state);
});

const saved = vscodeApi.getState();
if (isPanelState(saved)) render(saved);
vscodeApi.postMessage({ type: 'ready' });
