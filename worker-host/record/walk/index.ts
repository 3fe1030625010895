/**
 * The value walks the recorder needs only when something is wrong or a JSON channel is used: a bundle of its
 * own (dist/record-walk.js), loaded on first need, so that a recorded process pays for them only then.
 */
export { sendFailure } from './send-failure';
export { jsonFindings } from './json-findings';
export { functionLocation } from './light-loader';
export { functionPositionIn } from './function-position';
