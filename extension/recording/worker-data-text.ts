import { pathLabel } from '../../shared/traffic/site-text';
import type { WorkerDataPlan, WorkerDataRefusal } from './worker-data-fix';

/** The quick fix that moves the value: what it does and the fact that makes it safe. */
export function workerDataTitle(plan: WorkerDataPlan, workerFile: string): string {
  return (
    `Send \`${plan.value}\` once as workerData of the Worker on line ${plan.workerLine} ` +
    `(${workerFile} never reads \`.${plan.key}\` from its messages)`
  );
}

/** Why the move is only explained, in a few words for the explanation's title; undefined: nothing to add. */
export function refusalText(refusal: WorkerDataRefusal, path: string): string | undefined {
  switch (refusal.why) {
    case 'message-not-literal':
    case 'no-worker-in-file':
      return undefined;
    case 'value-not-module-const':
      return `${pathLabel(path)} is not a module-level const`;
    case 'value-used-elsewhere':
      return `the value is also used on line ${refusal.line}`;
    case 'value-built-from-module-state':
      return 'the value is built from other module-level values';
    case 'worker-options-not-literal':
      return "the Worker's options are not a literal without workerData";
    case 'worker-file-not-named':
      return "the worker file is not named as new URL('./file', import.meta.url)";
    case 'worker-file-unreadable':
      return `${refusal.file} cannot be read`;
    case 'worker-uses-worker-data':
      return `${refusal.file} already uses workerData`;
    case 'worker-reads-value':
      return `${refusal.file} reads ${pathLabel(path)} from each message (line ${refusal.line}): that would change too`;
    case 'worker-imports-modules':
      return `${refusal.file} loads other modules (line ${refusal.line}), which could read its messages too`;
    case 'worker-message-escapes':
      return `${refusal.file} uses its messages in ways not checked here (line ${refusal.line})`;
  }
}
