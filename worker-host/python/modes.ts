import { ProfileInputError } from '../protocol/input-problem';
import type { PicklerMode } from '../protocol/report';

import { PYTHON_MODES } from '../../shared/languages';

export { PYTHON_MODES };

/** The JavaScript modes that have a loky twin. */
const LOKY_TWIN: Readonly<Record<string, string>> = {
  'by-value': 'cloudpickle',
  'by-reference': 'pickle',
  wrapped: 'wrapped',
};
/** JavaScript modes with no Python meaning: asking for them on a .py file is a mistake to point out. */
const JAVASCRIPT_ONLY: ReadonlySet<string> = new Set(['json', 'structured-clone']);

/**
 * The modes to run a Python function under: JavaScript names with a loky twin mapped to it, duplicates dropped,
 * none asked for meaning loky's three. A JavaScript-only mode is bad input.
 */
export function pythonModes(requested: readonly PicklerMode[]): string[] {
  const foreign = requested.filter((mode) => JAVASCRIPT_ONLY.has(mode));
  if (foreign.length > 0) {
    throw new ProfileInputError({
      code: 'bad-option',
      message:
        `${foreign.join(', ')}: not a mode for Python files; the Python modes are ${PYTHON_MODES.join(', ')} ` +
        '(or the name of a module with a Pickler class, as loky.set_loky_pickler takes).',
    });
  }
  const unique = [...new Set(requested.map((mode) => LOKY_TWIN[mode] ?? mode))];
  return unique.length > 0 ? unique : [...PYTHON_MODES];
}
