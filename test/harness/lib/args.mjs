// The few command-line options the runners share.
import { resolve } from 'node:path';
import { projectRoot } from './paths.mjs';

/** `--extension <dir>` loads another extension folder instead of this project (e.g. to check the harness). */
export function extensionPathArg(argv = process.argv.slice(2)) {
  const i = argv.indexOf('--extension');
  return i >= 0 && argv[i + 1] ? resolve(argv[i + 1]) : projectRoot;
}

export function numberFromEnv(name, fallback) {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
