/**
 * Makes the current process or thread able to import the user's code as their program would
 * (TypeScript compiled on the fly, ESM and CommonJS). Called once by every worker at start-up
 * and by the worker host before it loads a user module.
 */
export function installUserCodeLoader(): void {
  // Filled in by the loader: see worker-host/loader/.
}
