import { join } from 'node:path';

type Walkers = typeof import('../walk/index');

let loaded: Walkers | undefined;

/** The value walks (the failing value's path, what JSON changes), loaded from their own bundle when first needed. */
export function walkers(): Walkers {
  // A computed path keeps the bundler from inlining the walks (and the loader they use) into the preload.
  loaded ??= require(join(__dirname, WALK_BUNDLE)) as Walkers;
  return loaded;
}

const WALK_BUNDLE = 'record-walk.js';
