import type { PicklerMode } from '../protocol/report';

import { PYTHON_MODES } from '../../shared/languages';

export { PYTHON_MODES };

/** The JavaScript modes that have a loky twin; the other JavaScript-only modes are left out for Python. */
const LOKY_TWIN: Record<string, string> = { 'by-value': 'cloudpickle', 'by-reference': 'pickle', wrapped: 'wrapped' };
const JAVASCRIPT_ONLY = new Set(['json', 'structured-clone']);

/** The modes to run a Python function under: JavaScript names mapped to loky's, duplicates dropped. */
export function pythonModes(requested: readonly PicklerMode[]): string[] {
  const modes = requested.filter((mode) => !JAVASCRIPT_ONLY.has(mode)).map((mode) => LOKY_TWIN[mode] ?? mode);
  const unique = [...new Set(modes)];
  return unique.length > 0 ? unique : [...PYTHON_MODES];
}
