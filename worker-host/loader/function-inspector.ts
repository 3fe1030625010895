/**
 * The V8 inspector's view of a function, read synchronously on this thread: where it is defined
 * ([[FunctionLocation]]) and the variables it closes over ([[Scopes]]). Nothing else in JavaScript can
 * read a closure's captured variables (`makeAdder(5)`'s `k`), which is what by-value serialization needs.
 */
import { Session } from 'node:inspector';

/** The inspector protocol's shapes, as far as this file reads them. */
interface RemoteObject {
  type: string;
  subtype?: string;
  value?: unknown;
  unserializableValue?: string;
  objectId?: string;
  description?: string;
}
interface PropertyDescriptor {
  name: string;
  value?: RemoteObject;
}
interface Properties {
  result: PropertyDescriptor[];
  internalProperties?: PropertyDescriptor[];
}

export interface GeneratedFunctionLocation {
  url: string;
  /** 0-based, in the code V8 runs. */
  line: number;
  column: number;
}

export interface ScopeView {
  /** `closure`, `block`, `local`, `module`, `script`, `with`, `catch` (the global scope is left out). */
  type: string;
  /** The wanted variables this scope has. */
  variables: Map<string, unknown>;
}

const GROUP = 'serialization-profiler';
const STASH = '__serializationProfilerInspected';
let session: Session | undefined;
const scriptUrls = new Map<string, string>();

function post<T>(method: string, params: object = {}): T {
  if (!session) {
    session = new Session();
    session.connect();
    session.on('Debugger.scriptParsed', (message: { params: { scriptId: string; url: string } }) => {
      scriptUrls.set(message.params.scriptId, message.params.url);
    });
    post('Debugger.enable');
    // A paused thread could never be resumed by its own session: a `debugger;` statement must not pause.
    post('Debugger.setSkipAllPauses', { skip: true });
  }
  let error: Error | null = null;
  let result: T | undefined;
  // In-thread sessions answer synchronously: the callback has run when post returns.
  session.post(method, params, (e: Error | null, r: unknown) => {
    error = e;
    result = r as T;
  });
  if (error) throw error;
  return result as T;
}

/** The URLs of every script and module this thread has compiled (ES modules included), as V8 reports them. */
export function loadedScriptUrls(): string[] {
  if (!session) post('Runtime.getIsolateId');
  return [...new Set(scriptUrls.values())];
}

function remoteOf(value: unknown): RemoteObject {
  const holder = globalThis as Record<string, unknown>;
  holder[STASH] = value;
  try {
    return post<{ result: RemoteObject }>('Runtime.evaluate', { expression: `globalThis.${STASH}`, objectGroup: GROUP })
      .result;
  } finally {
    delete holder[STASH];
  }
}

function valueOf(remote: RemoteObject): unknown {
  if (remote.objectId === undefined) {
    if (remote.type === 'undefined') return undefined;
    if (remote.unserializableValue !== undefined) {
      const text = remote.unserializableValue;
      return text.endsWith('n') ? BigInt(text.slice(0, -1)) : Number(text);
    }
    return remote.value;
  }
  const holder = globalThis as Record<string, unknown>;
  post('Runtime.callFunctionOn', {
    objectId: remote.objectId,
    functionDeclaration: `function () { globalThis.${STASH} = this; }`,
  });
  const value = holder[STASH];
  delete holder[STASH];
  return value;
}

function inspect<T>(fn: Function, read: (internals: PropertyDescriptor[]) => T): T {
  try {
    const remote = remoteOf(fn);
    const properties = post<Properties>('Runtime.getProperties', { objectId: remote.objectId, ownProperties: true });
    return read(properties.internalProperties ?? []);
  } finally {
    post('Runtime.releaseObjectGroup', { objectGroup: GROUP });
  }
}

const locations = new WeakMap<Function, GeneratedFunctionLocation | undefined>();

/** Where V8 compiled the function (a function's location never changes, so it is looked up once). */
export function generatedFunctionLocation(fn: Function): GeneratedFunctionLocation | undefined {
  if (locations.has(fn)) return locations.get(fn);
  const location = lookUpLocation(fn);
  locations.set(fn, location);
  return location;
}

function lookUpLocation(fn: Function): GeneratedFunctionLocation | undefined {
  return inspect(fn, (internals) => {
    const location = internals.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as
      { scriptId: string; lineNumber: number; columnNumber: number } | undefined;
    if (!location) return undefined;
    const url = scriptUrls.get(location.scriptId);
    return url ? { url, line: location.lineNumber, column: location.columnNumber } : undefined;
  });
}

/**
 * The scopes a function closes over, innermost first, with the current values of the variables named in
 * `wanted` (reading every variable of a module scope would cost an inspector round trip each).
 */
export function functionScopes(fn: Function, wanted: ReadonlySet<string>): ScopeView[] {
  return inspect(fn, (internals) => {
    const scopes = internals.find((p) => p.name === '[[Scopes]]')?.value;
    if (!scopes?.objectId) return [];
    const entries = post<Properties>('Runtime.getProperties', { objectId: scopes.objectId, ownProperties: true });
    const views: ScopeView[] = [];
    for (const entry of entries.result) {
      const scope = entry.value;
      if (!scope?.objectId || !/^\d+$/.test(entry.name)) continue;
      const type = (scope.description ?? '').split(' ')[0]!.toLowerCase();
      if (type === 'global') continue;
      const variables = new Map<string, unknown>();
      const found = post<Properties>('Runtime.getProperties', { objectId: scope.objectId, ownProperties: true });
      for (const variable of found.result) {
        if (variable.value && wanted.has(variable.name)) variables.set(variable.name, valueOf(variable.value));
      }
      views.push({ type, variables });
    }
    return views;
  });
}
