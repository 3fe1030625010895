/** What the recording's quick fixes and related information read from source text: a bundle of its own. */
export { forkEdit } from './fork-fix';
export { declaratorOf, lineOf, parseSource, sendCallAt, valueAt } from './send-syntax';
export { transferEdit } from './transfer-fix';
export { planWorkerData } from './worker-data-fix';
export { checkWorkerSide } from './worker-data-receiver';
export { workerConstructorLine } from './worker-constructor';
