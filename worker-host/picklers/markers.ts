import type { SourceLocation } from '../protocol/report';

/**
 * The graph picklers (by-value, by-reference, wrapped) replace what v8 serialization cannot carry with
 * marker objects: plain objects whose one distinguishing key is MARK. A user object that happens to have
 * that key travels as an `object` marker, so markers are never confused with data.
 */
export const MARK = '\u0000serialization-profiler';

/** How to find a function or class again in the worker. */
export type FunctionMarker =
  | {
      [MARK]: 'export';
      url: string;
      path: string[];
      valueType: string;
      location?: SourceLocation;
      /** `workerpool`: the path is followed from the methods the module registers with `workerpool.worker`. */
      registry?: 'workerpool';
    }
  | { [MARK]: 'local'; url: string; name: string; valueType: string; location?: SourceLocation }
  | {
      [MARK]: 'code';
      source: string;
      form: 'expression' | 'method';
      strict: boolean;
      name: string;
      valueType: string;
      location?: SourceLocation;
      /** Where the function was first met in the value, for errors while rebuilding it. */
      path: string;
      /** The file and line the rebuilt function claims (JavaScript files only: their lines are the user's). */
      origin?: { url: string; line: number };
      captures: string[];
      values: unknown[];
      props: Property[];
    }
  | { [MARK]: 'global'; name: string };

export type Marker =
  | FunctionMarker
  /**
   * An import of the function's module, or (`binding`) a module-level binding of the user module `specifier`,
   * or (`module`) the whole user module `specifier` (its exports), loaded as the profiler loads it.
   */
  | {
      [MARK]: 'import';
      specifier: string;
      imported: string;
      parent: string;
      via: 'import' | 'require' | 'binding' | 'module';
      /** A property of the import (`export default { tokenize }`): the worker reads it from what it imported. */
      property?: string;
    }
  | { [MARK]: 'symbol'; description: string | undefined; registered: boolean }
  | InstanceMarker
  | { [MARK]: 'object'; props: Property[] }
  | { [MARK]: 'numbers'; block: number }
  | { [MARK]: 'buffer'; bytes: Uint8Array };

/** A class instance: its class (or, without one, its prototype) and its own properties. */
export interface InstanceMarker {
  [MARK]: 'instance';
  cls: unknown;
  proto?: unknown;
  props: Property[];
  /** Built through Array or Error rather than Object.create, to stay an array or a native error. */
  exotic?: 'array' | 'error';
  /** Built with `new cls(...args)` (a URL from its href): see ./reconstruction.ts. */
  args?: string[];
}

/** An own property: key (string or symbol marker), value, enumerable. */
export type Property = [key: unknown, value: unknown, enumerable: boolean];

export function markerTag(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as Record<string, unknown>)[MARK];
  return typeof tag === 'string' ? tag : undefined;
}

/** Marks the URL of code rebuilt by value with the lines of its compiled module, not of the user's source. */
export const GENERATED_CODE = '#compiled';

export function generatedCodeUrl(url: string): string {
  return url + GENERATED_CODE;
}

/** The module URL of a frame's file that names compiled code (see generatedCodeUrl), else undefined. */
export function compiledModuleUrl(file: string): string | undefined {
  return file.endsWith(GENERATED_CODE) ? file.slice(0, -GENERATED_CODE.length) : undefined;
}
