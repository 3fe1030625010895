import { byReferencePickler, byValuePickler, wrappedPickler } from './graph-pickler';
import { jsonPickler } from './json';
import { registerBuiltinPickler } from './registry';
import { structuredClonePickler } from './structured-clone';

for (const pickler of [byValuePickler, byReferencePickler, wrappedPickler, jsonPickler, structuredClonePickler]) {
  registerBuiltinPickler(pickler);
}

export { byReferencePickler, byValuePickler, wrappedPickler, jsonPickler, structuredClonePickler };
export { wrapNonPicklable } from './wrap';
export { getPickler, setPickler, resolvePickler, builtinPicklerNames, PICKLER_ENV } from './registry';
export type { Pickler, DumpOptions, LoadOptions } from './pickler';
